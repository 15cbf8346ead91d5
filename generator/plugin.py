"""The ``lekgotla`` MkDocs plugin: thin glue between MkDocs and the build steps.

Hooks read in build order: on_config sets the small navigation, on_files loads
and validates the library and swaps the raw content files for generated pages,
on_page_context hands each template the objects it draws.
"""

from __future__ import annotations

import logging
import time
from functools import lru_cache
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.cache import DEFAULT_DIR as CACHE_DIR
from generator.catalogue import Catalogue
from generator.config import LekgotlaConfig
from generator.library_cache import load_library_cached
from generator.pages import NAV, PageSpec, site_pages

log = logging.getLogger("mkdocs.plugins.lekgotla")

# Files under content/ that are published as they are (downloads and pictures);
# everything else there is source for generated pages and is not copied.
PUBLISHED_AS_IS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".pdf", ".csv", ".md", ".txt",
                   ".docx", ".xlsx", ".odt", ".ods")


class LekgotlaPlugin(BasePlugin[LekgotlaConfig]):
    def __init__(self) -> None:
        self.specs: dict[str, PageSpec] = {}
        self.catalogue: Catalogue | None = None
        self.rendered = 0
        # Figures of the last build (seconds, counts), for the CLI summary and
        # bench/run.py; every step that does work of its own adds its entries.
        self.stats: dict[str, float | int] = {}

    def on_config(self, config):
        if not self.config.enabled:
            return config
        if self.config.navigation and not config.nav:
            config.nav = NAV
            # Items are reached through index pages, not the sidebar: listing each
            # one MkDocs leaves out of the nav would print thousands of lines.
            config.validation.nav.omitted_files = logging.DEBUG
        return config

    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        content_dir = Path(self.config.content_dir or config.docs_dir)
        self.stats = {}
        started = time.perf_counter()
        cache_dir = Path(config.config_file_path or ".").parent / CACHE_DIR
        library, report, reused = load_library_cached(content_dir, cache_dir)
        self.stats["load_seconds"] = time.perf_counter() - started
        self.stats["library_cache_hit"] = int(reused)
        for finding in report.warnings:
            log.warning(finding.as_text())
        if library is None:
            raise PluginError(f"the content has {report.summary()}:\n{report.as_text()}")
        self.catalogue = Catalogue(library)
        started = time.perf_counter()
        self.specs = {spec.src_uri: spec for spec in site_pages(self.catalogue)}
        self.stats["pages"] = len(self.specs)
        site_files = Files([_as_download(f) if _is_content(f, content_dir) and f.src_uri.startswith("toolkits/files/")
                            else f for f in files if not _is_content(f, content_dir) or _published_as_is(f)])
        for spec in self.specs.values():
            site_files.append(File.generated(config, spec.src_uri, content=spec.markdown))
        self.stats["pages_seconds"] = time.perf_counter() - started
        log.info(f"loaded {len(library.case_studies)} case studies and {len(library.toolkits)} toolkits "
                 f"in {self.stats['load_seconds']:.1f} s; rendering {len(self.specs)} pages")
        self.rendered = 0
        return site_files

    def on_env(self, env, *, config, files):
        if self.config.enabled and self.catalogue:
            env.globals["catalogue"] = self.catalogue
            env.globals["library"] = self.catalogue.library
        return env

    def on_page_context(self, context, *, page, config, nav):
        spec = self.specs.get(page.file.src_uri) if self.config.enabled else None
        if spec:
            context["lk"] = spec.data
        return context

    def on_post_page(self, output, *, page, config):
        if self.config.enabled and self.specs:
            self.rendered += 1
            if self.rendered in {len(self.specs) * quarter // 4 for quarter in (1, 2, 3)}:
                log.info(f"rendered {self.rendered} of {len(self.specs)} pages")
        return output


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
