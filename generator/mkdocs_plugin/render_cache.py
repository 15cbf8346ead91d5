"""Pages whose inputs did not change are not rendered again.

A generated page's finished HTML (after every change our plugin makes to it) is
kept under ``.lekgotla-cache/pages/``, keyed by everything that reaches it:

- the page itself: a digest of the pickle of its typed page object, the data its
  template receives as ``lk`` (its title, body, rows, charts, search record...), in which
  each object of the model it holds counts by the digest of its own fields (``PageDigests``);
- the environment: Lekgotla's code (through ``content_key``), every file of the
  package's theme and of the library's ``custom_dir``, the versions of the packages that render (MkDocs,
  mkdocs-material, Jinja, Markdown), and every MkDocs option but where the output
  goes (site name and address, nav, extra, markdown extensions, theme, plugin options);
- for a page whose body links or points to files: the list of the site's files,
  since MkDocs rewrites a link differently when its target exists;
- what its template asked of the site besides its page: whether the site has a page at an
  address (``has_page``, ``SitePages``). The answers a page got are stored with its entry, and an
  entry is only used while each is still the same.

Templates read the library only through their page (``lk``): the other globals of our templates
are code and constants (``addresses``, the filters), the build's options, or ``has_page``;
tests/test_render_cache.py holds the list of them.

Pages in the navigation are always rendered: MkDocs needs them as documentation
pages to build the nav. Every other page found in the cache is handed to MkDocs
as a finished file, which it copies without rendering. The cache is only used
when no other plugin changes pages (another plugin's page hooks would not run on
a cached page) and can be turned off with the plugin option ``render_cache: false``.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import pickle
import os
import re
import shutil
import time
from collections.abc import Collection, Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable

from urllib.parse import urljoin

from jinja2 import FileSystemBytecodeCache
import mkdocs
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_build_date

from generator.cache import Cache, WriteBehind, content_key
from generator.mkdocs_plugin.packaged_theme import own_theme_dirs

NAMESPACE = "pages"
#: Packages whose version can change the HTML of a page.
RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "jinja2", "markdown", "markupsafe", "pymdown-extensions")
#: MkDocs options that only say where files go or how to report, never what a page holds.
NOT_IN_PAGES = frozenset({"site_dir", "config_file_path", "dev_addr", "watch", "strict", "validation",
                          "live_reload_ignore"})
#: Plugin hooks that change a page; a plugin with one of them would miss cached pages.
PAGE_HOOKS = ("on_pre_page", "on_page_read_source", "on_page_markdown", "on_page_content",
              "on_page_context", "on_post_page")
#: A body with one of these may link to a file of the site.
LINKISH = re.compile(r"\]\s*[(:]|\b(?:src|href)\s*=", re.I)


class SitePages:
    """The ``has_page`` global: whether the site has a page at an address (a link to a page the site
    may not have tests it). The answer depends on the library, not on the page asking: the answers
    each page got, while it renders (``asked``), go into its entry in the render cache."""

    def __init__(self, sources: Collection[str], source_of: Callable[[str], str]):
        self.sources = sources  # the src_uri of every page of the site
        self.source_of = source_of  # an address's src_uri (addresses.page_source)
        self.asked: dict[str, bool] | None = None  # of the page being rendered; None: none is

    def has(self, address: str) -> bool:
        return self.source_of(address.split("?")[0]) in self.sources

    def __call__(self, address: str) -> bool:
        found = self.has(address)
        if self.asked is not None:
            self.asked[address] = found
        return found


class RenderCache:
    """Finished pages of earlier builds, and the pages of this build to store."""

    def __init__(self, cache_dir: Path, environment: str, site_pages: SitePages):
        # One folder per environment: builds with other options (a preview with its own
        # site_url, say) neither see nor prune each other's pages.
        self.entries = Cache(cache_dir, f"{NAMESPACE}/{environment[:16]}")
        self.environment = environment
        self.site_pages = site_pages
        self.keys: dict[str, str] = {}  # src_uri -> key of every page that may be cached
        self.kept: set[Path] = set()  # the files of the entries this build used or wrote
        self.from_cache = 0
        self.stored = 0
        self.digests = PageDigests()
        self.writes = WriteBehind()  # the entries' files, written while the next page renders
        self.page_digests: dict[str, str] = {}  # src_uri -> digest of the page object, for each page keyed

    def key(self, page: Any, site_files: Callable[[], str]) -> str:
        self.page_digests[page.src_uri] = self.digests.of(page)  # `lekgotla serve` starts from them
        parts = [self.environment, page.src_uri, self.page_digests[page.src_uri]]
        if LINKISH.search(getattr(page, "body", "") or ""):
            parts.append(site_files())
        return content_key("rendered page", *parts)

    def finished(self, pages: Mapping[str, Any], always_rendered: set[str], site_files: Callable[[], str]
                 ) -> dict[str, Path]:
        """The cached HTML file of every page that need not be rendered, by src_uri; notes the
        keys of the others. The HTML stays on disk: MkDocs copies it, no page is held in memory."""
        found = {}
        for src_uri, page in pages.items():
            if src_uri in always_rendered:
                continue
            key = self.keys[src_uri] = self.key(page, site_files)
            asked: dict[str, bool] | None = self.entries.get_object(key)
            if asked is None:
                continue
            html = self._html(key, asked)
            if self._still_valid(asked) and html.exists():
                found[src_uri] = html
                self.kept.update((html, self.entries.path(key, ".pickle")))
        self.from_cache = len(found)
        return found

    def _still_valid(self, asked: dict[str, bool]) -> bool:
        return all(self.site_pages.has(address) == found for address, found in asked.items())

    def start(self, src_uri: str) -> None:
        self.site_pages.asked = {} if src_uri in self.keys else None

    def store(self, src_uri: str, html: str) -> None:
        asked, self.site_pages.asked = self.site_pages.asked, None
        if asked is None or src_uri not in self.keys:
            return
        key = self.keys[src_uri]
        # Encoded as MkDocs writes a page. The HTML's name says what it was rendered with, so
        # a build killed between the two writes can never pair it with other answers.
        html_file = self._html(key, asked)
        self.writes.write(html_file, str(html).encode("utf-8", errors="xmlcharrefreplace"))
        self.writes.write(self.entries.path(key, ".pickle"), pickle.dumps(asked, protocol=pickle.HIGHEST_PROTOCOL))
        self.kept.update((html_file, self.entries.path(key, ".pickle")))
        self.stored += 1

    def finish_writing(self) -> None:
        """Every entry stored so far is on disk; raises the error a write met."""
        self.writes.finish()

    def _html(self, key: str, asked: dict[str, bool]) -> Path:
        return self.entries.path(key, f".{_hash([f'{a}={found}' for a, found in sorted(asked.items())])[:16]}.html")

    def prune(self) -> None:
        """Once every entry of this build is written, remove the entries it neither used nor wrote
        (pages that changed or went), and the folders of environments no build used for a week."""
        self.finish_writing()
        if not self.entries.folder.exists():
            return
        for path in self.entries.folder.glob("*/*"):
            if path not in self.kept and not path.name.startswith(".tmp-"):
                path.unlink(missing_ok=True)
        week_ago = time.time() - 7 * 24 * 3600
        for folder in self.entries.folder.parent.iterdir():
            if folder != self.entries.folder and folder.stat().st_mtime < week_ago:
                shutil.rmtree(folder, ignore_errors=True)
        os.utime(self.entries.folder)


def usable(config, plugin_name: str = "lekgotla") -> bool:
    """Whether cached pages come out as they would rendered: no other plugin touches pages."""
    for name, plugin in config.plugins.items():
        if name == plugin_name:
            continue
        if any(getattr(type(plugin), hook, None) is not getattr(BasePlugin, hook, None) for hook in PAGE_HOOKS):
            return False
    return True


def environment_fingerprint(config, extra: Any = ()) -> str:
    """Everything outside a page that reaches its HTML: options, theme files, rendering packages."""
    digest = hashlib.sha256()
    options = {name: value for name, value in config.items() if name not in NOT_IN_PAGES}
    digest.update(repr(_plain(options)).encode())
    digest.update(repr(_plain(extra)).encode())
    for package in RENDERING_PACKAGES:
        digest.update(f"{package}={_version(package)}".encode())
    digest.update(f"{mkdocs.__name__} {mkdocs.__version__}".encode())  # ProperDocs or MkDocs: the generator tag of every page
    for root in own_theme_dirs(config.theme):  # mkdocs-material's own count by its version
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def nav_sources(nav: Any) -> set[str]:
    """The pages a nav (as written in mkdocs.yml) names."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, Mapping):
        return set().union(*(nav_sources(value) for value in nav.values()))
    if isinstance(nav, (list, tuple)):
        return set().union(*(nav_sources(item) for item in nav))
    return set()


def files_digest(files: Files) -> str:
    return _hash(sorted(file.src_uri for file in files))


def finished_file(config, page_file: File, html: Path) -> File:
    """A cached page as MkDocs takes it: a file to copy as it is, where the page would have gone."""
    return File.generated(config, page_file.dest_uri, abs_src_path=str(html))


def template_bytecode(cache_dir: Path, config) -> FileSystemBytecodeCache:
    """Compiled templates kept between builds: Jinja checks each against its source.

    What a template compiles to also depends on the environment (its autoescape rule is
    our code, its extensions come with the theme and MkDocs), so the folder is keyed on those.
    """
    key = content_key("templates", config.theme.name, config.theme.locale,
                      *(_version(package) for package in RENDERING_PACKAGES))[:16]
    root = Path(cache_dir) / "templates"
    for old in root.glob("*"):
        if old.name != key:
            shutil.rmtree(old, ignore_errors=True)
    (root / key).mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(root / key))


def sitemap_entries(page_files: Sequence[File], finished: Collection[str], config) -> list[tuple[str, str]]:
    """(address, date) of every page as MkDocs' sitemap.xml lists them, finished pages included,
    in the order of the files; empty without a site_url, as MkDocs' own."""
    if not config.site_url:
        return []
    base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    entries = []
    for file in page_files:
        if file.src_uri in finished:
            entries.append((urljoin(base, file.url), get_build_date()))
        elif file.page is not None and not file.page.is_link and file.page.canonical_url:
            entries.append((file.page.canonical_url, file.page.update_date))
    return entries


def digest_of(value: Any) -> str:
    """A digest of a value's pickle; a dataclass counts by its fields (what it caches is not part of it)."""
    return hashlib.sha256(pickle.dumps(_fields(value), protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


class PageDigests:
    """Digests of pages for their keys, in which each object of the model a page holds (a case
    study, a municipality, an indicator, a person...) counts as the digest of its own fields, made
    once a build. Pickled whole, a browse list held the text of every case study it lists and a
    municipality page its peers' practices: 550 MB pickled and hashed a national build, 2.6 s; 1.2 s so.

    Complete as a whole pickle is: an object's digest covers every field, the objects it holds
    by their own digests. The model's objects are not changed once loaded; one that holds
    itself (none does) makes the page fall back to a whole pickle.
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, str | None]] = {}  # id -> (the object, kept so its id stays its own; digest)
        self._table = dict(copyreg.dispatch_table)
        self._table.update({cls: self._as_digest for cls in _model_types()})

    def of(self, page: Any) -> str:
        try:
            return hashlib.sha256(self._pickle(_fields(page))).hexdigest()
        except _HoldsItself:
            return digest_of(page)

    def _pickle(self, value: Any) -> bytes:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self._table  # consulted for the model's types only, in C
        pickler.dump(value)
        return buffer.getvalue()

    def _as_digest(self, obj: Any) -> tuple:
        known = self._known.get(id(obj))
        if known is None:
            self._known[id(obj)] = (obj, None)
            known = self._known[id(obj)] = (obj, hashlib.sha256(self._pickle(_fields(obj))).hexdigest())
        elif known[1] is None:
            raise _HoldsItself
        return str, (known[1],)


class _HoldsItself(Exception):
    pass


def _model_types() -> list[type]:
    from generator.model import connections, entities
    return [value for module in (entities, connections) for value in vars(module).values()
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__]


def _fields(value: Any) -> Any:
    """A dataclass as its type's name and its fields (what it caches is not part of it); anything else as it is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__qualname__, tuple(getattr(value, f.name) for f in dataclasses.fields(value))
    return value


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "none"


def _hash(parts: list[str]) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _plain(value: Any, depth: int = 0) -> Any:
    """Options as plain data with a stable repr (no object addresses)."""
    if depth > 12:
        return "…"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, BasePlugin):
        return [type(value).__module__, type(value).__qualname__, _plain(value.config, depth + 1)]
    if hasattr(value, "custom_dir") and hasattr(value, "static_templates"):  # a mkdocs Theme
        return {"name": value.name, "dirs": value.dirs, "static_templates": sorted(value.static_templates),
                "options": _plain(dict(value.items()), depth + 1)}
    if isinstance(value, Mapping):
        return sorted(((str(k), _plain(v, depth + 1)) for k, v in value.items()), key=lambda kv: kv[0])
    if isinstance(value, (list, tuple)):
        return [_plain(item, depth + 1) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_plain(item, depth + 1)) for item in value)
    return f"{type(value).__module__}.{type(value).__qualname__}"
