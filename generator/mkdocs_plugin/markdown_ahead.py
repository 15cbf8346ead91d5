"""Contributors' markdown converted to HTML ahead of MkDocs, on the core MkDocs leaves idle.

MkDocs converts every page's markdown in turn, on one core, after the plugin's
``on_files``: for a national library that is 2,000 case studies at about 7 ms each,
while the machine's second core waits. Their markdown is known as soon as the
library is loaded, so one worker process converts it while this process finds
related practices and builds the pages. The worker runs MkDocs' own
``Page.render`` (the same extensions, link rewriting and warnings) and the build's
sanitizer; when MkDocs reaches such a page, the plugin gives it the finished HTML
instead of converting it again.

Nothing is taken on trust: a conversion is used only when the page's markdown is
exactly the one converted and every file its links looked up resolves, in the
site MkDocs builds, to the same address it did in the worker (a link to a page
made later in the build, say, resolves differently). Otherwise MkDocs converts
the page itself, as it would without this step. The worker's log records (a
broken link) are logged here when the page is reached, where MkDocs would log them.
"""

from __future__ import annotations

import logging
import math
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Iterable

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.reading.sanitize import sanitize_html
from generator.workers import cores, pool_of_one, stop_pool

#: Fewer pages than this are converted by MkDocs: starting a worker costs about a second.
AHEAD_FROM = 64
#: Pieces the work is cut into: MkDocs and the worker may both convert the one they meet at.
CHUNKS = 32
_PAGES_LOGGER = "mkdocs.structure.pages"
log = logging.getLogger("mkdocs.plugins.lekgotla")
#: The worker's niceness (0 is a normal process, 19 the lowest priority).
BACKGROUND_NICENESS = 10

#: A file as the links of a page see it: its address, and whether it is left out of the site.
Known = tuple[str, bool]


@dataclass(frozen=True)
class Settings:
    """The part of MkDocs' configuration that ``Page.render`` and its link checks read."""

    markdown_extensions: list
    mdx_configs: dict
    use_directory_urls: bool
    validation: SimpleNamespace  # .links: log levels of link problems
    log_level: int  # of MkDocs' page logger: links to anchors are collected above DEBUG

    def __getitem__(self, name: str) -> Any:  # Page.render reads config['markdown_extensions']
        return getattr(self, name)


@dataclass
class Converted:
    """A page's markdown as MkDocs would have converted it, and what its conversion depended on."""

    src_uri: str
    html: str  # sanitized, as on_page_content leaves it
    toc: Any  # MkDocs' TableOfContents of the page
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]]  # by the src_uri of the file linked to
    looked_up: dict[str, Known | None]  # every file the links asked for, the page itself included
    records: list[tuple[str, int, str]] = field(default_factory=list)  # logger, level, message


class MarkdownAhead:
    """Conversions under way in a worker, a chunk of pages at a time; ``take`` hands MkDocs one it
    can use as it is. The worker starts at the last chunk, MkDocs at the first: a chunk the worker
    has not finished when MkDocs reaches it, MkDocs converts itself (and the worker skips it), so
    the two cores share what is left instead of one waiting for the other."""

    def __init__(self, pool: ProcessPoolExecutor, chunks: list[list[tuple[str, str]]], take_back: bool = True):
        self._pool, self._take_back = pool, take_back
        self._chunk_of = {src_uri: index for index, chunk in enumerate(chunks) for src_uri, _ in chunk}
        self._sent = {src_uri: markdown for chunk in chunks for src_uri, markdown in chunk}
        self._futures = {index: pool.submit(convert, chunk) for index, chunk in reversed(list(enumerate(chunks)))}
        self._done: dict[int, dict[str, Converted] | None] = {}  # None: MkDocs converts the chunk
        self._taken: dict[str, Converted] = {}  # from take (on_page_markdown) to apply (on_page_content)
        self.used = 0  # pages MkDocs took as converted here
        self.left = 0  # pages MkDocs converted itself: their chunk was not ready, or failed

    def take(self, page: Page, markdown: str, files: Files) -> bool:
        """Whether the worker's conversion of ``page`` is the one MkDocs would make; if so, ``apply``
        gives it to the page once MkDocs has converted nothing."""
        converted = self._result(page.file.src_uri)
        if converted is None or self._sent[converted.src_uri] != markdown or not _resolves_alike(converted, page, files):
            return False
        for name, level, message in converted.records:
            logging.getLogger(name).log(level, message)
        self._taken[converted.src_uri] = converted
        self.used += 1
        return True

    def apply(self, page: Page, files: Files) -> str | None:
        """The (sanitized) HTML of a page ``take`` took, leaving on ``page`` what MkDocs' conversion
        would have; None for any other page."""
        converted = self._taken.pop(page.file.src_uri, None)
        if converted is None:
            return None
        page.toc = converted.toc
        page._title_from_render = converted.title
        page.present_anchor_ids = converted.anchors
        if converted.links_to_anchors:
            page.links_to_anchors = {file: anchors for uri, anchors in converted.links_to_anchors.items()
                                     if (file := files.get_file_from_path(uri))}  # each resolves: _resolves_alike
        return converted.html

    def _result(self, src_uri: str) -> Converted | None:
        index = self._chunk_of.get(src_uri)
        if index is None:
            return None
        if index not in self._done:
            future = self._futures[index]
            if self._take_back and not future.done() and not future.cancel():
                self.left += 1  # the worker is converting it: later pages of the chunk may be ready
                return None
            self._done[index] = self._chunk(future)
        chunk = self._done[index]
        if chunk is None:  # taken back (or lost): MkDocs converts the whole chunk
            self.left += 1
            return None
        return chunk.pop(src_uri, None)

    @staticmethod
    def _chunk(future: Future) -> dict[str, Converted] | None:
        if future.cancelled():
            return None
        if future.exception() is not None:  # waits, without take_back
            log.debug(f"converting markdown in a worker failed: {future.exception()!r}")
            return None
        return {c.src_uri: c for c in future.result() if c}

    def finish(self) -> None:
        """Stop the worker now: what it has not converted is not wanted any more (MkDocs converted
        it, or the build failed). Killed, not waited for: a page it is on may take seconds."""
        stop_pool(self._pool)


def start(config: Any, files: Files, markdown_by_page: dict[str, str], *, ahead_from: int = AHEAD_FROM,
          take_back: bool = True) -> MarkdownAhead | None:
    """Start converting ``markdown_by_page`` (src_uri → the page's markdown, as MkDocs will read it,
    in the order it will) in a worker, against the addresses of ``files``; None when there is too
    little to gain. Without ``take_back``, MkDocs waits for every chunk the worker has not finished."""
    if len(markdown_by_page) < ahead_from or cores() < 2:
        return None
    settings = Settings(list(config.markdown_extensions), dict(config.mdx_configs or {}),
                        bool(config.use_directory_urls), SimpleNamespace(links=SimpleNamespace(**config.validation.links)),
                        logging.getLogger(_PAGES_LOGGER).getEffectiveLevel())
    known = {f.src_uri: (f.url, f.inclusion.is_excluded()) for f in files}
    items = list(markdown_by_page.items())
    size = math.ceil(len(items) / CHUNKS)
    chunks = [items[at:at + size] for at in range(0, len(items), size)]
    return MarkdownAhead(pool_of_one(_prepare, (settings, known)), chunks, take_back)


# --- In the worker --------------------------------------------------------------------------------
_settings: Settings | None = None
_known: dict[str, Known] = {}


def _prepare(settings: Settings, known: dict[str, Known]) -> None:
    """The worker's start: what every chunk needs, received once."""
    global _settings, _known
    _settings, _known = settings, known
    _in_the_background()


def convert(items: Iterable[tuple[str, str]]) -> list[Converted | None]:
    """Each (src_uri, markdown) converted as MkDocs would; None for one whose conversion failed
    (MkDocs converts it again and reports the error with the page's name)."""
    settings = _settings
    if settings is None:
        raise RuntimeError("convert() runs in the worker that start() made, once _prepare() has run")
    records = _Records()
    logging.getLogger().addHandler(records)
    logging.getLogger().setLevel(settings.log_level)
    try:
        return [_converted(settings, _known, src_uri, markdown, records) for src_uri, markdown in items]
    finally:
        logging.getLogger().removeHandler(records)


def _converted(settings: Settings, known: dict[str, Known], src_uri: str, markdown: str,
               records: _Records) -> Converted | None:
    files = _KnownFiles(known)
    page = _PageStub(markdown, files.get_file_from_path(src_uri))
    if page.file is None:
        return None
    records.taken = []
    try:
        # MkDocs' own conversion, on stand-ins for a page, its config and the site's files.
        Page.render(page, settings, files)  # type: ignore[arg-type]  # it reads only what the stand-ins have
        html = sanitize_html(page.content)
    except Exception:  # noqa: BLE001 - MkDocs converts it again and reports it in context
        return None
    # MkDocs collects links to anchors only when its log shows more than debugging.
    links = {target.src_uri: anchors for target, anchors in (getattr(page, "links_to_anchors", None) or {}).items()}
    return Converted(src_uri, html, page.toc, page._title_from_render, page.present_anchor_ids,
                     links, files.looked_up, records.taken)


def _in_the_background() -> None:
    """Lower the worker's priority: the build's own steps (related practices' text analysis runs in
    workers too) come first, and the worker takes the time they leave on the cores."""
    if hasattr(os, "getpriority") and os.getpriority(os.PRIO_PROCESS, 0) < BACKGROUND_NICENESS:
        os.setpriority(os.PRIO_PROCESS, 0, BACKGROUND_NICENESS)


class _Records(logging.Handler):
    """What MkDocs and the markdown extensions log while a page is converted."""

    def __init__(self) -> None:
        super().__init__()
        self.taken: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.taken.append((record.name, record.levelno, record.getMessage()))


class _KnownFiles:
    """The site's files as ``Page.render`` looks them up, each look-up noted."""

    def __init__(self, known: dict[str, Known]):
        self.known = known
        self.looked_up: dict[str, Known | None] = {}

    def get_file_from_path(self, path: str) -> _FileStub | None:
        found = self.looked_up[path] = self.known.get(path)
        return _FileStub(path, *found) if found else None


@dataclass(frozen=True)
class _FileStub:
    src_uri: str
    url: str
    excluded: bool

    @property
    def inclusion(self) -> Any:
        return SimpleNamespace(is_excluded=lambda: self.excluded)


class _PageStub:
    """What ``Page.render`` reads of a page (its markdown and file) and writes (the rest)."""

    # Written by Page.render:
    content: str
    toc: Any  # MkDocs' TableOfContents
    _title_from_render: str | None
    present_anchor_ids: set[str]

    def __init__(self, markdown: str, file: _FileStub | None):
        self.markdown, self.file = markdown, file


# --- Back in the build ----------------------------------------------------------------------------
def _resolves_alike(converted: Converted, page: Page, files: Files) -> bool:
    for path, known in converted.looked_up.items():
        found = page.file if path == page.file.src_uri else files.get_file_from_path(path)
        if ((found.url, found.inclusion.is_excluded()) if found else None) != known:
            return False
    return True

