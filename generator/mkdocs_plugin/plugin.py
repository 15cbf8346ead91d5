"""The ``lekgotla`` MkDocs plugin: thin glue between MkDocs and the build steps.

Hooks read in build order: on_config sets the small navigation; on_files loads
and validates the library, finds the related practices, has the site step build
every page (with its benchmarks and search record) and swaps the raw content
files for what the site is made of, handing pages whose inputs did not change to
MkDocs finished from the render cache (render_cache.py); on_env turns autoescaping on for our
templates and hands them the addresses, the filters, ``has_page`` and (to feed.xml) the feed;
on_page_context hands each template its typed page as ``lk``, all it shows of the library (on_template_context gives the error
page addresses that work under a sub-path); on_page_markdown and on_page_content
hand MkDocs the HTML of contributors' markdown a worker converted while on_files ran
(markdown_ahead.py); on_page_content strips unsafe HTML from the rest and marks
it as trusted; on_post_page (and on_post_template, for 404.html) corrects a
little of mkdocs-material's markup, adds the content security policy,
trims indentation and then stores the page in the render cache (any later change
to a page's HTML belongs before that); on_post_build indexes the finished site for search,
or leaves that to the caller (``lekgotla build``).
"""

from __future__ import annotations

import logging
import time
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import pass_context
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from generator.mkdocs_plugin.config import LekgotlaConfig, Settings, resolve, web_address_problem
from generator.mkdocs_plugin.material_markup import correct_material_markup, focusable_tables, with_header_search
from generator.mkdocs_plugin import fragments, markdown_ahead, render_cache, steps, strict_templates
from generator.mkdocs_plugin.minify import trim_indentation
from generator.mkdocs_plugin.packaged_theme import add_packaged_theme, unused_theme_file
from generator.mkdocs_plugin.render_cache import RenderCache, SitePages
from generator.model.catalogue import Catalogue
from generator.model.entities import Library
from generator.model.library_cache import load_library_cached
from generator.reading.sanitize import url_attribute
from generator.site.csp import with_policy
from generator.site.published import referenced_files
from generator.site.reserved import SITE_CHECKS
from generator.reading.contract import SCHEMA_DIR
from generator.reading.findings import Report
from generator.reading.safety import sanitize_html, site_markdown_extensions
from generator.site import addresses, samples
from generator.site import search_index, search_records as site_search
from generator.site.channel import RequestChannel
from generator.site.contribute import SCHEMA_NAMES, Repository, page_links, read_guide
from generator.site.page_kinds import Page
from generator.site.pages import NAV, Site, build_site
from generator.site.search_text import readable_for_search
from generator.site.wording import DATE_FILTERS, FIGURE_FILTERS, PEOPLE_FILTERS, shortened
from generator.text import related

log = logging.getLogger("mkdocs.plugins.lekgotla")

# Files under content/ that are published as they are (downloads and pictures);
# everything else there is source for generated pages and is not copied.
PUBLISHED_AS_IS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".pdf", ".csv", ".md", ".txt",
                   ".docx", ".xlsx", ".odt", ".ods")


STATIC_TEMPLATES = ("feed.xml", "robots.txt")
#: Characters of a page description in its <meta>: about what a search engine shows.
DESCRIPTION_LIMIT = 160
#: Templates of ours, rendered with autoescaping on; mkdocs-material's own (and our
#: copies of them) keep it off, as they were written for. 404.html is material's, but it
#: extends our main.html, whose {{ super() }} is only marked safe when the page renders escaped.
ESCAPED_TEMPLATES = ("lekgotla/", "main.html", "feed.xml", "404.html")
OFFLINE_SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"


class LekgotlaPlugin(BasePlugin[LekgotlaConfig]):
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.site: Site | None = None
        self.catalogue: Catalogue | None = None
        self.env = None
        self.settings: Settings | None = None  # resolved in on_config, used by every later step
        self.rendered = 0
        self.page_addresses: dict[str, str] = {}
        self.render_cache: RenderCache | None = None
        self.sitemap_files: list[File] = []  # every page's file, in the order of the files
        self.finished: set[str] = set()  # src_uri of the pages taken from the render cache
        # Figures of the last build (seconds, counts), for the CLI summary and
        # bench/run.py; every step that does work of its own adds its entries.
        self.stats: dict[str, float | int] = {}
        # Set by whoever runs the build to index the site later, in a process of its own;
        # unset (`mkdocs build`, `mkdocs serve`), the last step of the build indexes it.
        self.deferred_index: search_index.DeferredIndex | None = None
        # Contributors' markdown converted in a worker while on_files runs (markdown_ahead.py).
        self.ahead: markdown_ahead.MarkdownAhead | None = None
        self.channel: RequestChannel | None = None  # how requests reach people (the requests option)
        # What `lekgotla serve` (live_site.py) takes on from the build: the findings of the last load,
        # related practices by slug, MkDocs' navigation and files.
        self.report: Report | None = None
        self.suggestions: dict[str, list[related.Suggestion]] = {}
        self.nav: Navigation | None = None
        self.files: Files | None = None

    def on_config(self, config):
        if not self.config.enabled:
            return config
        self.settings = resolve(self.config, config.config_file_path, config.docs_dir,
                                site_markdown_extensions(config.markdown_extensions, config.mdx_configs))
        problem = web_address_problem("site_url", config.site_url)  # MkDocs takes javascript://x as a URL
        if problem:
            raise PluginError(problem)
        add_packaged_theme(config)  # the package's templates, behind the library's custom_dir
        self.channel = RequestChannel.parse(self.config.requests, self.config.repository)  # validated with the options
        # Pages rendered from the theme's templates with the whole library in context.
        config.theme.static_templates.update(STATIC_TEMPLATES)
        # No web fonts from a font service: the content security policy allows fonts from the
        # site only, and readers on mobile data pay for every byte.
        config.theme["font"] = False
        if "material/offline" in config.plugins:
            # The offline plugin would load its file:// shim from a CDN; ours is vendored.
            config.extra.setdefault("polyfills", []).append(OFFLINE_SHIM)
        if self.config.navigation and not config.nav:
            config.nav = NAV
            # Items are reached through index pages, not the sidebar: listing each
            # one MkDocs leaves out of the nav would print thousands of lines.
            config.validation.nav.omitted_files = logging.DEBUG
        return config

    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        content_dir, cache_dir = self._settings.content_dir, self._settings.cache_dir
        self.stats = {"pages_converted_ahead": 0, "pages_taken_back": 0}
        library = self.load_library()
        self.catalogue = catalogue = Catalogue(library)
        if self._render_cache_empty(cache_dir, config):
            # A cold build renders every page: start on the contributors' markdown now.
            self._convert_ahead(config, files, _contributed_markdown(library))
        site = self.build_pages(config, catalogue)
        site_files = _site_files(files, content_dir, config, site, referenced_files(library))
        site_files = self._finished_pages(site_files, config, cache_dir)
        if self.ahead is None:  # a rebuild: only what the render cache does not have
            self._convert_ahead(config, files, {uri: markdown for uri, markdown in
                                                _contributed_markdown(library).items() if uri not in self.finished})
        steps.pages_built(self.pages, self.finished, site_files, self.stats)
        self.rendered = 0
        self.page_addresses = {} if config.use_directory_urls else _file_addresses(site_files)
        return site_files

    def load_library(self) -> Library:
        """Load, check and link the content (from the cache when unchanged); PluginError on errors."""
        started = time.perf_counter()
        steps.start("load")
        library, report, reused = load_library_cached(self._settings.content_dir, self._settings.cache_dir,
                                                      SITE_CHECKS, self._settings.extensions)
        self.report = report
        self.stats["load_seconds"] = time.perf_counter() - started
        self.stats["library_cache_hit"] = int(reused)
        for finding in report.warnings:
            log.warning(finding.as_text())
        if library is None:
            raise PluginError(f"the content has {report.summary()}:\n{report.as_text()}")
        steps.library_loaded(library)
        return library

    def build_pages(self, config, catalogue: Catalogue) -> Site:
        """Every page of the library, with its related practices, benchmarks and search record."""
        related_practices = self._related_practices(catalogue, self._settings.cache_dir)
        self.site = site = build_site(catalogue, related_practices, self._settings.cache_dir, self._repository(),
                                      site_url=config.site_url or "", channel=self.channel,
                                      guide=read_guide(self._settings.root))
        self.pages = site.pages
        self.stats.update(site.stats)
        return site

    def _finished_pages(self, site_files: Files, config, cache_dir: Path) -> Files:
        """Pages found in the render cache replace their documentation pages as finished files."""
        self.sitemap_files = [f for f in site_files if f.is_documentation_page()]
        self.finished, self.render_cache = set(), None
        if not (self.config.render_cache and render_cache.usable(config)):
            return site_files
        started = time.perf_counter()
        always = render_cache.nav_sources(config.nav)
        environment = render_cache.environment_fingerprint(
            config, [(src, self.pages[src].title) for src in sorted(always) if src in self.pages])
        self.render_cache = RenderCache(cache_dir, environment, self._site_pages())
        site_digest = lru_cache(maxsize=1)(lambda: render_cache.files_digest(site_files))
        finished = self.render_cache.finished(self.pages, always, site_digest)
        self.finished = set(finished)
        result = Files([render_cache.finished_file(config, f, finished[f.src_uri]) if f.src_uri in finished else f
                        for f in site_files])
        self.stats["render_cache_seconds"] = time.perf_counter() - started
        return result

    def _render_cache_empty(self, cache_dir: Path, config) -> bool:
        folder = cache_dir / render_cache.NAMESPACE
        return not (self.config.render_cache and render_cache.usable(config)
                    and folder.is_dir() and next(folder.rglob("*.html"), None))

    def _convert_ahead(self, config, files: Files, markdown_by_page: dict[str, str]) -> None:
        if self.config.markdown_ahead and render_cache.usable(config):  # no other plugin changes pages
            self.ahead = markdown_ahead.start(config, files, markdown_by_page, ahead_from=self.config.ahead_from,
                                              take_back=self.config.ahead_take_back)

    def _site_pages(self) -> SitePages:
        return SitePages(self.pages.keys(), addresses.page_source)

    @property
    def _settings(self) -> Settings:
        """The build's paths, resolved by on_config, which MkDocs runs before every other hook."""
        if self.settings is None:
            raise PluginError("the lekgotla plugin was used before MkDocs configured it (on_config)")
        return self.settings

    def _related_practices(self, catalogue: Catalogue, cache_dir: Path) -> dict[str, list[related.RelatedPractice]]:
        result = related.find_related(catalogue, cache_dir)
        steps.related_found(result)
        self.stats["related_seconds"] = result.seconds
        self.stats["related_ms_per_doc"] = 1000 * result.seconds / max(1, len(result.suggestions))
        self.stats["related_from_cache"] = int(result.from_cache)
        self.suggestions = result.suggestions  # by slug: `lekgotla serve` resolves them again after an edit
        return {slug: related.resolve(catalogue, suggestions) for slug, suggestions in result.suggestions.items()}

    def on_env(self, env, *, config, files):
        # Every page's markdown is converted by now: the worker's memory goes back before rendering.
        self._stop_converting_ahead()
        if self.config.enabled and self.site:
            # MkDocs copies the chart files next: they were drawn while it rendered markdown.
            self.stats.update(self.site.files.finish_charts())
            steps.markdown_converted(self.stats)
        if self.config.enabled and self.catalogue and self.site:
            env.autoescape = _escaped
            env.undefined = strict_templates.TemplateUndefined  # a missing value in our templates fails the build
            env.bytecode_cache = render_cache.template_bytecode(self._settings.cache_dir, config)
            self.env, self.files = env, files  # for live_site.py (serve)
            # Templates read the library through their page, lk (on_page_context), and nothing else:
            # every global here is code, a constant, or recorded by the render cache (has_page).
            # Whether the site has the page at an address: links to optional pages test it.
            env.globals["has_page"] = self.render_cache.site_pages if self.render_cache else self._site_pages()
            env.globals["lk_feed"] = self.site.feed  # feed.xml, a template of its own (never cached)
            # The theme's sitemap.xml lists the finished pages too, where MkDocs knows documentation pages only.
            env.globals["lk_sitemap"] = partial(render_cache.sitemap_entries, self.sitemap_files, self.finished, config)
            env.globals["addresses"] = addresses
            fragments.install(env, config)
            env.filters["address"] = addresses.of
            env.filters["lk_with_header_search"] = with_header_search
            env.filters["lk_url_attr"] = url_attribute  # every contributed URL attribute goes through it
            env.filters.update(FIGURE_FILTERS)  # every number of the benchmarking pages: no template formats one
            env.filters.update(DATE_FILTERS)
            env.filters.update(PEOPLE_FILTERS)
            env.tests.update(samples.JINJA_TESTS)  # the one rule for every sample label (site/samples.py)
            env.filters.update(samples.JINJA_FILTERS)
            if self.page_addresses:
                env.filters["url"] = _url_to_files(env.filters["url"], self.page_addresses)
        return env

    def on_page_markdown(self, markdown, *, page, config, files):
        if self.ahead and self.ahead.take(page, markdown, files):
            return ""  # MkDocs converts nothing; on_page_content hands it the worker's HTML
        return markdown

    def on_page_content(self, html, *, page, config, files):
        steps.advance("markdown")
        converted = self.ahead.apply(page, files) if self.ahead else None
        if converted is not None:  # sanitized in the worker, as below
            return Markup(focusable_tables(converted))
        # Contributor markdown may carry raw HTML: strip whatever could run code,
        # even when `lekgotla check` was skipped. What is left is trusted: Markup.
        if self.config.enabled and page.file.src_uri in self.pages:
            return Markup(focusable_tables(sanitize_html(html)))
        return html

    def on_page_context(self, context, *, page, config, nav):
        self.nav = nav
        lk_page = self.pages.get(page.file.src_uri) if self.config.enabled else None
        context["lk"] = lk_page  # None for a page of no kind of ours: templates test it
        if lk_page:
            _escape_head_fields(page)
            page_url = urljoin(config.site_url or "", page.url)
            context["lk_links"] = page_links(lk_page, self._repository(), page_url, self.channel)
            page.edit_url = context["lk_links"].get("edit") or None
        if self.render_cache:
            self.render_cache.start(page.file.src_uri)
        return context

    def on_template_context(self, context, *, template_name, config):
        # MkDocs gives error pages root-absolute addresses ("/assets/..."), which load nothing
        # when the site lives under a sub-path (a GitHub Pages project site). Use the public
        # address when it is known, else addresses relative to the site's root folder.
        if self.config.enabled and template_name == "404.html":
            context["base_url"] = (config.site_url or "").rstrip("/") or "."
            context["lk"] = None  # no page of ours: main.html and its partials test it
        return context

    def _repository(self) -> Repository | None:
        url = self.config.repository.strip().rstrip("/")
        return Repository(url, self.config.branch) if url else None

    def on_post_page(self, output, *, page, config):
        if self.config.enabled:
            record = getattr(self.pages.get(page.file.src_uri), "search", None)  # Pagefind's excerpts come from it
            readable = readable_for_search(output) if record and record.indexes_body else output
            output = with_policy(trim_indentation(correct_material_markup(readable)), self._form_hosts(), _offline(config))
        if self.config.enabled and self.pages:
            self.rendered += 1
            steps.advance("render")
        if self.render_cache:  # the last change to the page: what a later build may reuse as it is
            self.render_cache.store(page.file.src_uri, output)
        return output

    def on_post_template(self, output_content, *, template_name, config):
        if self.config.enabled and template_name.endswith(".html"):  # 404.html
            return with_policy(correct_material_markup(output_content), self._form_hosts(), _offline(config))
        return output_content

    def _form_hosts(self) -> tuple[str, ...]:
        # Forms go to the request channel only (exactly its endpoint), or to the site's own search.
        return (self.channel.form_action_source,) if self.channel else ()

    @event_priority(-100)  # the last step: index the finished site, after every other plugin wrote to it
    def on_post_build(self, *, config):
        if self.render_cache:
            try:
                self.render_cache.prune()
            except OSError as error:  # the next build would render every page again, or worse, stale ones
                raise PluginError(f"the render cache could not be written ({error}): remove "
                                  f"{self._settings.cache_dir} and build again") from error
        if self.config.enabled and self.site:
            self.stats["pages_rendered"] = self.rendered
            self.stats["pages_from_cache"] = len(self.finished)
            steps.rendered(self.rendered)
        if not self.config.enabled or not self.site or not self.config.search_index:
            return
        env, glob = self.env or config.theme.get_env(), search_index.searched_glob(self.pages.values())
        if self.deferred_index:  # `lekgotla build` runs Pagefind itself, once this build's memory is freed
            site_search.write_record_pages(self.deferred_index.record_pages, self.site.records, env)
            self.deferred_index.glob = glob
            return
        self.stats["pagefind_seconds"] = site_search.index_site(Path(config.site_dir), self.site.records, env, glob)
        log.info(f"indexed the site for search in {self.stats['pagefind_seconds']:.1f} s")

    def on_build_error(self, *, error):
        self._stop_converting_ahead()  # else the process would wait, on exit, for pages no one reads
        if self.render_cache:  # the pages rendered before the error are good entries
            try:
                self.render_cache.finish_writing()
            except OSError as write_error:  # the build's own error is the one to report
                log.debug(f"the render cache was not written: {write_error}")

    def _stop_converting_ahead(self) -> None:
        if self.ahead:
            self.stats["pages_converted_ahead"], self.stats["pages_taken_back"] = self.ahead.used, self.ahead.left
            self.ahead.finish()
            self.ahead = None


def _site_files(files: Files, content_dir: Path, config, site: Site, referenced: set[str]) -> Files:
    """What the site is made of: the theme's assets, the downloads and pictures the
    library refers to, as they are, and everything generated (pages, charts, data, schemas)."""
    site_files = Files([_as_download(f) if _is_content(f, content_dir) and f.src_uri.startswith("toolkits/files/")
                        else f for f in files
                        if (not _is_content(f, content_dir) and not unused_theme_file(f.src_uri, config))
                        or (_published_as_is(f) and f.src_uri in referenced)])
    for uri, path in site.files.charts.items():
        site_files.append(File.generated(config, uri, abs_src_path=str(path)))
    for uri, text in site.files.downloads.items():
        site_files.append(File.generated(config, uri, content=text))
    for page in site.pages.values():
        site_files.append(File.generated(config, page.src_uri, content=page.markdown))
    for name in SCHEMA_NAMES:  # published for editors and the suggestion form
        site_files.append(File.generated(config, addresses.schema(name),
                                         abs_src_path=str(SCHEMA_DIR / f"{name}.schema.json")))
    return site_files


def _contributed_markdown(library) -> dict[str, str]:
    """The markdown MkDocs will read for each case study and toolkit page, by src_uri: the body
    after the page's front matter, which MkDocs reads without the blank lines that start it."""
    documents = [(addresses.case_study(case), case.body) for case in library.case_studies]
    documents += [(addresses.toolkit(kit), kit.body) for kit in library.toolkits]
    return {addresses.page_source(address): body.lstrip("\n") for address, body in documents if body.strip()}


def _file_addresses(files: Files) -> dict[str, str]:
    """Folder-style addresses ('case-studies/x/') to the files they are when
    use_directory_urls is off ('case-studies/x.html'), as in the offline build."""
    addresses = {}
    for file in files.documentation_pages():
        folder = file.src_uri.removesuffix(".md").removesuffix("index")
        addresses[folder if not folder or folder.endswith("/") else folder + "/"] = file.url or "index.html"
    return addresses


def _url_to_files(url_filter, files_of: dict[str, str]):
    # Templates write page addresses folder-style; from file:// a folder opens as
    # a directory listing, so each is turned into the page's own file first.
    @pass_context
    def url(context, value):
        address, hash_mark, fragment = str(value).partition("#")
        return url_filter(context, files_of.get(address, address) + hash_mark + fragment)
    return url


def _offline(config) -> bool:
    return "material/offline" in config.plugins or "offline" in config.plugins


def _escaped(template_name: str | None) -> bool:
    """Jinja's autoescape setting, decided per template when it is compiled."""
    return template_name is not None and template_name.startswith(ESCAPED_TEMPLATES)


def _escape_head_fields(page) -> None:
    # mkdocs-material writes page.meta.title and .description into <title>,
    # <meta> and the header without escaping; they hold contributor text. A search engine
    # shows about 160 characters of a description: the rest was 240 bytes of every case study.
    for name in ("title", "description"):
        value = page.meta.get(name)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[name] = escape(shortened(value, DESCRIPTION_LIMIT) if name == "description" else value)


class Download(File):
    """A toolkit download, copied as it is: a markdown template is a file to save, not a page."""

    def is_documentation_page(self) -> bool:
        return False


def _as_download(file: File) -> File:
    return Download(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls, inclusion=file.inclusion)


def _is_content(file: File, content_dir: Path) -> bool:
    """True for files of content/, false for the theme's assets."""
    return file.src_dir is not None and _resolved(file.src_dir) == _resolved(str(content_dir))


@lru_cache(maxsize=32)
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()


def _published_as_is(file: File) -> bool:
    """Downloads and images that contributors put in content/ are copied to the site."""
    if file.src_uri.startswith("toolkits/files/"):
        return True
    return not file.src_uri.endswith((".md", ".yaml", ".yml", ".csv")) and file.src_uri.endswith(PUBLISHED_AS_IS)
