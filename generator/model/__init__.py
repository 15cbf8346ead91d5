"""Step 2: the typed model of a library.

``entities`` holds the dataclasses (Municipality, Indicator, CaseStudy, ...);
``library`` turns checked content into them, ``library_cache`` does so without
repeating work, ``catalogue`` and ``people`` compute the groupings every later
step uses. Imports only ``generator.reading`` below it.
"""
