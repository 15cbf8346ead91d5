"""The site ``lekgotla serve`` keeps in memory and up to date, edit by edit.

What a page's HTML depends on is known, not guessed: it is rendered from its typed page object
(``lk``) and the explicit globals of the templates, and from nothing else but the theme's
templates. So every page served is noted (``Served``) with the digest of its page object, the
answers its template got from ``has_page`` (whether the site has a page at an address, the one
global that depends on the library) and the templates it was rendered with; after an edit, a page
is rendered again exactly when one of those differs, and its file is written when its HTML differs.

An edit is taken in by two passes, each of which compares pages that way:

- the quick pass (``edit``), for an edit of a case study, toolkit, person, research output or
  peer review the library already has: the edited file is read and checked alone (live_library.py),
  the model updated in place, and the page objects rebuilt for the edited items, every list and
  index of the site, the municipalities of an edited case study and the items that show an edited
  one as a related practice (``pages.rebuilt_pages``). The edited items' own pages are rendered
  and written first;
- the complete pass (``complete``), after every change of any file: the library loaded and checked
  whole by the build's own steps (the plugin's ``load_library`` and ``build_pages``), every page
  object rebuilt, related practices found again, charts, downloads and published files written
  where they differ. It finds every page the quick pass did not reach (a case study that now
  ranks among another's related practices, a municipality whose peers' practices changed), and
  it is what every other change gets. ``lekgotla serve`` runs it in a process of its own that the
  next edit stops (live_builder.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from functools import partial
from typing import AbstractSet, Any, Callable, Iterable, Mapping

from generator.mkdocs_plugin.live_render import Renderer, digest, write_atomically
from generator.mkdocs_plugin.render_cache import PageDigests, SitePages
from generator.model.catalogue import Catalogue
from generator.model.entities import CaseStudy, Indicator, Municipality, Toolkit
from generator.model.live_library import LiveLibrary
from generator.site.page_kinds import (BrowseListPage, CaseStudyIndexPage, CaseStudyPage, HomePage, IndicatorPage,
                                       MunicipalityPage, Page, ServiceAreaPage, ToolkitIndexPage, ToolkitPage)
from generator.site.pages import rebuilt_pages
from generator.site.published import referenced_files
from generator.site.reserved import SITE_CHECKS
from generator.text import related

#: Kinds of page the quick pass builds only for the items it picks; it builds every page of the others.
PICKED_KINDS = (CaseStudyPage, ToolkitPage, ServiceAreaPage, MunicipalityPage, IndicatorPage)
#: Pages that list case studies and toolkits by their titles.
LISTS = (BrowseListPage, CaseStudyIndexPage, ServiceAreaPage, MunicipalityPage, ToolkitIndexPage, HomePage,
         IndicatorPage)
#: Templates rendered on their own that show content (the theme's 404.html and robots.txt do not).
CONTENT_TEMPLATES = ("feed.xml", "sitemap.xml")
THEME_TEMPLATES = ("404.html", "robots.txt")


@dataclass
class Served:
    """What the HTML of a page being served was made from; None where it is not known."""

    lk: str | None  # digest of its page object
    asked: dict[str, bool] | None  # the has_page answers its template got, by address
    templates: frozenset[str] | None  # templates it was rendered with
    html: str | None = None  # digest of the HTML served


@dataclass
class Pass:
    """What a pass did."""

    written: list[str] = field(default_factory=list)  # addresses of the pages whose HTML changed
    findings: list = field(default_factory=list)  # warnings about the edited files
    rendered: int = 0
    built: int = 0
    removed: list[str] = field(default_factory=list)
    files: int = 0  # charts, downloads and published files written


class Listener:
    """Told of every page a pass writes or removes (the builder tells the server's watchers)."""

    def writing(self, src_uri: str) -> None:
        """The page's file is about to be written or removed."""

    def served(self, src_uri: str, served: Served | None, address: str | None) -> None:
        """The page is served as ``served`` says (None: it is gone); ``address`` when its HTML changed."""


class LiveSite:
    def __init__(self, config, plugin, listener: Listener | None = None):
        self.config, self.plugin = config, plugin
        self.site_dir = Path(config.site_dir)
        self.listener = listener or Listener()
        cache = plugin.render_cache
        self.digests = cache.digests if cache else PageDigests()
        asked = _answers_of_the_build(cache)  # before the renderer takes the render cache's keys away
        self.renderer = Renderer(config, plugin)
        self.site_pages: SitePages = plugin.env.globals["has_page"]
        settings = plugin.settings
        self.library = LiveLibrary(settings.content_dir, settings.cache_dir, plugin.catalogue.library, SITE_CHECKS,
                                   settings.extensions)
        self.suggestions: dict[str, list[related.Suggestion]] = dict(plugin.suggestions)
        self.analysis = plugin.site.analysis  # the benchmarking numbers, reused while what they read is unchanged
        self.pages: dict[str, Page | None] = plugin.pages  # the plugin's: its hooks and has_page read them
        known = cache.page_digests if cache else {}
        self.served = {src: Served(known.get(src) or self.digests.of(page), asked.get(src), None)
                       for src, page in self.pages.items() if page is not None}

    # ----- the quick pass -------------------------------------------------------------------------
    def edit(self, paths: Iterable[Path]) -> Pass | None:
        """Take in an edit of items the library has, the edited items' own pages rendered and written
        the moment they are built; None when the change is another one, for the complete pass.
        Raises live_library.Rejected when the edited files have errors."""
        files = self.library.item_files(paths)
        if files is None:
            return None
        before = self.library.library
        edit = self.library.edit(files)
        catalogue = self.plugin.catalogue = Catalogue(edit.library)
        self.analysis = self.analysis.for_library(edit.library)
        picked = _Picked(edit.changed, before, self.suggestions)
        edited = {self.library.display(path) for path in files}
        done, built = Pass(findings=edit.findings), []
        for page in rebuilt_pages(catalogue, _Related(catalogue, self.suggestions), picked.wants, self.analysis,
                                  site_url=self.config.site_url or "", channel=self.plugin.channel,
                                  today=dt.date.today()):
            built.append(page)
            if page.source_path in edited:
                self._consider(page, done)
        for page in sorted(built, key=_listing_first):
            if page.source_path not in edited:
                self._consider(page, done)
        done.built = len(built)
        whole = {type(page) for page in built} - set(PICKED_KINDS)
        fresh = {page.src_uri for page in built}
        for src in [src for src, page in self.pages.items() if type(page) in whole and src not in fresh]:
            self._remove(src, done)
        return done

    # ----- the complete pass ----------------------------------------------------------------------
    def complete(self, edited: Iterable[Path] = (), templates: AbstractSet[str] = frozenset()) -> Pass:
        """Load and check the whole library, rebuild every page and write whatever differs; with
        ``templates`` (theme templates that changed), render again every page that was rendered with
        one of them (or whose templates are not known: those of the first build). Raises the plugin's
        PluginError (its ``report`` says why) when the content has errors."""
        plugin, before = self.plugin, self.library.library
        library = self.library.adopt(plugin.load_library())
        plugin.catalogue = Catalogue(library)
        plugin.build_pages(self.config, plugin.catalogue)
        self.pages, self.suggestions, self.analysis = plugin.pages, plugin.suggestions, plugin.site.analysis
        self.site_pages.sources = self.pages.keys()  # has_page answers from the pages built now
        plugin.env.globals["lk_feed"] = plugin.site.feed  # feed.xml's typed entries, as on_env gives them
        displays = {self.library.display(path) for path in edited}
        again = {src for src, s in self.served.items() if s.templates is None or s.templates & templates} \
            if templates else set()
        done = Pass(built=len(self.pages))
        for page in sorted(plugin.pages.values(), key=lambda page: page.source_path not in displays):
            self._consider(page, done, again)
        for src in [src for src in self.served if src not in self.pages]:
            self._remove(src, done)
        plugin.site.files.finish_charts()
        done.files = self._write_files(plugin.site.files, referenced_files(before), referenced_files(library))
        done.files += self._write_templates(CONTENT_TEMPLATES + (THEME_TEMPLATES if templates else ()))
        return done

    def asset_changed(self, name: str, source: Path | None) -> None:
        """A static file of the theme changed (or went, with None)."""
        target = self.site_dir / name
        if source is None:
            target.unlink(missing_ok=True)
        else:
            write_atomically(target, source.read_bytes())

    def use_library(self, library) -> None:
        """The library as a complete pass in another process loaded it (after a change of values, say)."""
        self.plugin.catalogue = Catalogue(self.library.adopt(library))

    def searched(self) -> list[Page]:
        return [page for page in self.pages.values() if page is not None]

    # ----- comparing and writing ------------------------------------------------------------------
    def _consider(self, page: Page, done: Pass, again: AbstractSet[str] = frozenset()) -> None:
        """Render ``page`` when its page object, or an answer its template got from ``has_page``, differs
        from what its served HTML was made from, or when it is to be rendered ``again``."""
        self.pages[page.src_uri] = page
        served = self.served.get(page.src_uri)
        lk = self.digests.of(page)
        if page.src_uri in again or not self._same(served, lk):
            self._render(page, lk, served, done)

    def _remove(self, src: str, done: Pass) -> None:
        self.listener.writing(src)
        shutil.rmtree(self.renderer.destination(src).parent, ignore_errors=True)
        self.renderer.forget(src)
        self.served.pop(src, None)
        self.pages.pop(src, None)
        done.removed.append(src)
        self.listener.served(src, None, None)

    def _same(self, served: Served | None, lk: str) -> bool:
        return (served is not None and served.lk == lk and served.asked is not None
                and all(self.site_pages.has(address) == found for address, found in served.asked.items()))

    def _render(self, page: Page, lk: str, served: Served | None, done: Pass) -> None:
        rendered = self.renderer.render(page)
        done.rendered += 1
        now = Served(lk, rendered.asked, rendered.templates, digest(rendered.html))
        target, address = self.renderer.destination(page.src_uri), None
        if now.html != (served.html if served and served.html else _digest_of_file(target)):
            self.listener.writing(page.src_uri)
            write_atomically(target, rendered.html)
            address = self.renderer.address(page.src_uri)
            done.written.append(address)
        self.served[page.src_uri] = now
        self.listener.served(page.src_uri, now, address)

    def _write_files(self, files, published_before: set[str], published: set[str]) -> int:
        """Charts, downloads and the files of content/ published as they are, where they differ."""
        wanted: dict[str, Callable[[], bytes]] = {}
        for uri, path in files.charts.items():
            wanted[uri] = Path(path).read_bytes
        for uri, text in files.downloads.items():
            wanted[uri] = partial(_as_bytes, text)
        content = self.plugin.settings.content_dir
        for uri in published:
            wanted[uri] = (content / uri).read_bytes
        count = 0
        for uri, data in wanted.items():
            count += _write_if_changed(self.site_dir / uri, data())
        for uri in published_before - published:
            (self.site_dir / uri).unlink(missing_ok=True)
        return count

    def _write_templates(self, names: Iterable[str]) -> int:
        return sum(_write_if_changed(self.site_dir / name, self.renderer.render_template(name)) for name in names
                   if name in self.config.theme.static_templates)


def _listing_first(page: Page) -> bool:
    """The lists an edited item appears in are rendered before the other pages (a changed title shows sooner)."""
    return not isinstance(page, LISTS)


class _Picked:
    """Which case studies, toolkits, municipalities and indicators the quick pass rebuilds the pages of:
    the edited items, the items whose related practices name one of them or that one names, and the
    municipalities of an edited case study and the indicators it is on (as it was and as it is)."""

    def __init__(self, changed: list[Any], before, suggestions: Mapping[str, list[related.Suggestion]]):
        items = [o for o in changed if isinstance(o, (CaseStudy, Toolkit))]
        slugs = {o.slug for o in items}
        old = [o for o in (*before.case_studies, *before.toolkits) if o.slug in slugs]
        self.slugs = slugs | {slug for slug, listed in suggestions.items() if any(s.slug in slugs for s in listed)}
        self.slugs |= {slug for o in (*items, *old) for slug in o.related}
        cases = [o for o in (*items, *old) if isinstance(o, CaseStudy)]
        self.codes = {code for o in cases for code in o.municipalities}
        self.indicators = {i for o in cases for i in (*o.indicators, *(outcome.indicator for outcome in o.outcomes))}

    def wants(self, item: Any) -> bool:
        if isinstance(item, (CaseStudy, Toolkit)):
            return item.slug in self.slugs
        if isinstance(item, Municipality):
            return item.code in self.codes
        if isinstance(item, Indicator):
            return item.id in self.indicators
        return True  # service areas: a handful, and each lists its case studies


class _Related(Mapping):
    """Related practices by slug, found by the last complete pass, naming the current items."""

    def __init__(self, catalogue: Catalogue, suggestions: Mapping[str, list[related.Suggestion]]):
        self.catalogue, self.suggestions = catalogue, suggestions

    def __getitem__(self, slug: str) -> list[related.RelatedPractice]:
        return related.resolve(self.catalogue, self.suggestions[slug])

    def __iter__(self):
        return iter(self.suggestions)

    def __len__(self) -> int:
        return len(self.suggestions)


def _answers_of_the_build(cache) -> dict[str, dict[str, bool]]:
    """The has_page answers each page got when the build rendered it (or an earlier build whose HTML
    it took from the render cache); the pages of the navigation, always rendered, are not kept."""
    if cache is None:
        return {}
    found = {}
    for src, key in cache.keys.items():
        entry = cache.entries.get_object(key)
        if entry is not None:
            found[src] = entry
    return found


def _as_bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def _digest_of_file(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def _write_if_changed(target: Path, data: bytes) -> int:
    if _digest_of_file(target) == digest(data):
        return 0
    write_atomically(target, data)
    return 1
