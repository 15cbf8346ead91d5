"""The ``lekgotla`` command line: check, new, build (atomic) and search."""
