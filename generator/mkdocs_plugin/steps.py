"""The plugin's share of the build's progress (generator/progress.py), one call per hook.

MkDocs does much of the work between the plugin's hooks (converting every page's markdown,
then rendering every page), so a step often starts in one hook and ends in another: the
calls here say which, and the plugin's hooks stay one line longer each.
"""

from __future__ import annotations

from generator import progress

start, advance = progress.start, progress.advance


def library_loaded(library) -> None:
    """The content is read and checked; what is related to what is next."""
    case_studies, toolkits = len(library.case_studies), len(library.toolkits)
    progress.done("load", f"{case_studies} case stud{'y' if case_studies == 1 else 'ies'} and "
                          f"{toolkits} toolkit{'' if toolkits == 1 else 's'}")
    progress.start("related")


def related_found(result) -> None:
    """Related practices are found (text/related.py's result); the pages are built next."""
    progress.done("related", f"for {len(result.suggestions)} practices" + " (from the cache)" * result.from_cache)
    progress.start("pages")


def pages_built(pages: dict, finished: set, site_files, stats: dict) -> None:
    """Every page is built and the render cache looked up; MkDocs converts the markdown of the
    pages it renders while the charts are drawn in other processes."""
    progress.done("pages", f"{len(pages)} pages, {len(finished)} of them from the cache")
    progress.start("charts", stats.get("charts_rendered"))
    progress.start("markdown", len(site_files.documentation_pages()))


def markdown_converted(stats: dict) -> None:
    """MkDocs has every page's HTML and the charts are drawn: it renders the pages next."""
    pages = progress.total("markdown")
    progress.done("markdown", f"{pages} pages")
    progress.done("charts", f"{stats.get('charts_rendered', 0)} drawn, {stats.get('charts_cached', 0)} from the cache")
    progress.start("render", pages)


def rendered(count: int) -> None:
    progress.done("render", f"{count} pages")
