"""The one rule for what is a sample, and the words that label one wherever it appears.

Case studies, toolkits, people, research outputs, peer reviews and learning networks may be
made up for the demonstration library (``sample: true``). Wherever one is linked or listed it
carries the label: on pages (the ``sample_mark`` macro of theme/lekgotla/macros.html tests
``is lk_sample``, which is ``is_sample``), in search results and the search filter, in the
feed, in calendars and in every download. A network's meetings are samples when it is, and
so are the contacts of a sample case study.
"""

from __future__ import annotations

from typing import Any

#: The label beside a sample's title on a page and in a search result.
LABEL = "Sample"
#: The value of the search page's "Sample content" filter.
FILTER_VALUE = "Sample, made up for demonstration"
#: Before a sample's title where there is no markup: the feed, a calendar.
TITLE_PREFIX = "[Sample] "


def is_sample(item: Any) -> bool:
    """Whether ``item`` (anything with a ``sample`` field) was made up for demonstration."""
    return item.sample is True


def titled(title: str, item: Any) -> str:
    """A title as text that carries no markup: labelled when ``item`` is a sample."""
    return TITLE_PREFIX + title if is_sample(item) else title


def sample_note(item: Any, kind: str) -> str:
    """The sentence that starts a sample's description where there is no markup; "" for the rest."""
    return f"Sample {kind}, made up for demonstration: not a real {kind}." if is_sample(item) else ""


def csv_flag(item: Any) -> str:
    """The ``sample`` column of a download."""
    return "true" if is_sample(item) else "false"


def search_filter(item: Any) -> list[str]:
    return [FILTER_VALUE] if is_sample(item) else []


def search_meta(item: Any) -> str:
    return LABEL if is_sample(item) else ""


#: What templates use of this module: ``item is lk_sample``, ``title | lk_titled(item)``,
#: ``item | lk_sample_note(kind)`` (installed by the MkDocs plugin).
JINJA_TESTS = {"lk_sample": is_sample}
JINJA_FILTERS = {"lk_titled": titled, "lk_sample_note": sample_note}
