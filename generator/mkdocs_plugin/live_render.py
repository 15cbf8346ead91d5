"""One page of a built site rendered again, as MkDocs' own build renders it (``lekgotla serve``).

``Renderer`` holds what a build leaves behind (the configuration, the theme's Jinja environment
with the plugin's globals and filters, the navigation, the files) and runs, for one typed page,
the same steps MkDocs' ``build`` runs for each page, through MkDocs' own objects and the plugins'
events: read the page's source, convert its markdown (``Page.render``), render its template with
MkDocs' context, then every plugin's ``on_post_page``. A page comes out as a build writes it.

What a page's HTML was made from is noted while it renders: the templates Jinja loaded for it,
and the answers its template got from ``has_page`` (the one global that depends on the library,
render_cache.SitePages). A later edit re-renders a page only when one of those, or its page
object, changed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Collection, Iterator, Sequence
from urllib.parse import urlsplit

from mkdocs import utils
from mkdocs.commands.build import get_context
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from generator.cache import Cache
from generator.mkdocs_plugin import render_cache
from generator.site.page_kinds import Page


class _EveryPage(Collection[str]):
    """Every page counts as finished for the sitemap: dated as a build dates a generated page."""

    def __contains__(self, src_uri: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


EVERY_PAGE = _EveryPage()


@dataclass(frozen=True)
class Rendered:
    html: bytes  # as MkDocs writes it
    asked: dict[str, bool]  # the has_page answers its template got, by address
    templates: frozenset[str]  # every template loaded while it rendered


class Renderer:
    """Renders pages of one built site again; the plugin holds the typed pages and the globals."""

    def __init__(self, config, plugin):
        self.config, self.plugin, self.env, self.nav = config, plugin, plugin.env, plugin.nav
        # Pages the render cache handed MkDocs finished are files to copy in the build's collection:
        # here every page is a documentation page again, as in a build without the cache.
        pages = {f.dest_uri: f for f in plugin.sitemap_files}
        self.files = Files([pages.get(f.dest_uri, f) for f in plugin.files])
        self._documents: Sequence[File] | None = None  # the documentation pages, as MkDocs' context lists them
        self._loaded: set[str] | None = None
        for method in ("get_template", "select_template", "get_or_select_template"):
            setattr(self.env, method, partial(self._loading, getattr(self.env, method)))
        self.env.globals["lk_sitemap"] = lambda: render_cache.sitemap_entries(self._documentation(), EVERY_PAGE, config)
        if plugin.render_cache:
            plugin.render_cache.keys.clear()  # nothing rendered here is stored: its key would be the build's

    def render(self, page: Page) -> Rendered:
        """``page`` as MkDocs would write it; its documentation file is added to the site's files if new."""
        config, plugins = self.config, self.config.plugins
        document = self._document(page)
        config._current_page = document
        try:
            document.read_source(config)
            document.markdown = plugins.on_page_markdown(document.markdown, page=document, config=config,
                                                         files=self.files)
            document.render(config, self.files)
            document.content = plugins.on_page_content(document.content, page=document, config=config,
                                                       files=self.files)
            document.active = True
            context = get_context(self.nav, self._documentation(), config, document)
            name = document.meta.get("template", "main.html")
            template = self.env.get_template(name)
            context = plugins.on_page_context(context, page=document, config=config, nav=self.nav)
            with _Recording(self) as made_from:
                made_from.templates.add(name)
                output = template.render(context)
            output = plugins.on_post_page(output, page=document, config=config)
        finally:
            document.active = False
            config._current_page = None
        return Rendered(output.encode("utf-8", errors="xmlcharrefreplace"), made_from.asked,
                        frozenset(made_from.templates))

    def render_template(self, name: str) -> bytes:
        """A template of the theme rendered on its own (feed.xml, sitemap.xml, 404.html), as a build does."""
        config, plugins = self.config, self.config.plugins
        template = plugins.on_pre_template(self.env.get_template(name), template_name=name, config=config)
        base_url = urlsplit(config.site_url or "/").path if utils.is_error_template(name) \
            else utils.get_relative_url(".", name)
        context = get_context(self.nav, self._documentation(), config, base_url=base_url)
        context = plugins.on_template_context(context, template_name=name, config=config)
        output = plugins.on_post_template(template.render(context), template_name=name, config=config)
        return output.encode("utf-8")

    def forget(self, src_uri: str) -> None:
        """The page is gone from the site."""
        file = self.files.get_file_from_path(src_uri)
        if file is not None:
            self.files.remove(file)
            self._documents = None

    def templates_changed(self) -> None:
        """Templates changed on disk: Jinja reads them again (MkDocs' environment never reloads)."""
        if self.env.cache is not None:
            self.env.cache.clear()

    def destination(self, src_uri: str) -> Path:
        return Path(self._file(src_uri).abs_dest_path)

    def address(self, src_uri: str) -> str:
        """The page's address in the site, as a link to it reads: "case-studies/x/" ("" for the home page)."""
        return self._file(src_uri).url.removeprefix("./").removesuffix("index.html") if src_uri else ""

    # ----- the page's documentation file ----------------------------------------------------------
    def _document(self, page: Page) -> MkDocsPage:
        file = self._file(page.src_uri)
        file.content_string = page.markdown
        if file.page is not None and file.page in self.nav.pages:  # keeps its place and title in the nav
            return file.page
        return MkDocsPage(None, file, self.config)

    def _file(self, src_uri: str) -> File:
        file = self.files.get_file_from_path(src_uri)
        if file is None:
            file = File.generated(self.config, src_uri, content="")
            self.files.append(file)
            self._documents = None
        return file

    def _documentation(self) -> Sequence[File]:
        if self._documents is None:
            self._documents = self.files.documentation_pages()
        return self._documents

    # ----- what a page is made from --------------------------------------------------------------
    def _loading(self, method, name, *args, **kwargs):
        if self._loaded is not None:
            names = name if isinstance(name, (list, tuple)) else [name]
            self._loaded.update(str(getattr(n, "name", n)) for n in names)
        return method(name, *args, **kwargs)


@dataclass
class _MadeFrom:
    templates: set[str] = field(default_factory=set)
    asked: dict[str, bool] = field(default_factory=dict)


class _Recording:
    """While a template renders: the templates it loads and the ``has_page`` answers it gets."""

    def __init__(self, renderer: Renderer):
        self.renderer = renderer
        self.site_pages: render_cache.SitePages = renderer.env.globals["has_page"]
        self.made_from = _MadeFrom()

    def __enter__(self) -> _MadeFrom:
        self.renderer._loaded = self.made_from.templates
        self.site_pages.asked = self.made_from.asked
        return self.made_from

    def __exit__(self, *exc) -> None:
        self.renderer._loaded, self.site_pages.asked = None, None


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: the server never sends half a page."""
    Cache.write_file(path, data)
    os.chmod(path, 0o644)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
