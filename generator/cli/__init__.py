"""The ``lekgotla`` command line: check, new, build (atomic) and search."""

from generator.engine import use_chosen_engine

use_chosen_engine()  # before any module imports MkDocs: LEKGOTLA_ENGINE=properdocs builds with ProperDocs
