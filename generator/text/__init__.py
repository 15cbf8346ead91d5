"""Step 3b: text analysis of practices; the only place whoosh is imported.

Key terms and a full-text index (``index``), related practices (``related``),
probable duplicates (``duplicates``) and the terminal search (``practice_search``).
"""
