"""Options of the ``lekgotla`` MkDocs plugin, as written under ``plugins:`` in mkdocs.yml,
and the paths they resolve to: the build (``on_config``) and the ``lekgotla``
commands both call ``resolve``, so they always agree on where content and cache are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config, ValidationError
from mkdocs.utils.yaml import yaml_load

from generator.cache import DEFAULT_DIR
from generator.reading.safety import DEFAULT_EXTENSIONS, Extensions, site_markdown_extensions
from generator.mkdocs_plugin.markdown_ahead import AHEAD_FROM
from generator.site.channel import ChannelError, RequestChannel


class RequestsOption(opt.Type):
    """The ``requests`` option: checked by ``RequestChannel.parse``, against the repository option too."""

    def __init__(self) -> None:
        super().__init__(str, default="")

    def post_validation(self, config: Config, key_name: str) -> None:
        try:
            RequestChannel.parse(config[key_name], config["repository"])
        except ChannelError as error:
            raise ValidationError(str(error)) from None


# A web address as the content's own are (the schemas' url): http(s), a host, nothing a link would act on.
_WEB_ADDRESS = re.compile(r"https?://[^\s/$.?#\"'<>\\][^\s\"'<>\\]*", re.I)


def web_address_problem(setting: str, value: object) -> str:
    """Why the address a setting (or the environment variable mkdocs.yml reads it from) gives is not
    one to write into every page's links, or "": a javascript: repository ran in every page."""
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or not _WEB_ADDRESS.fullmatch(value) or not urlsplit(value).hostname:
        return (f"{setting}: {str(value)[:80]!r} is not a web address (https://...); it is written into the links "
                "of every page (mkdocs.yml may take it from an environment variable: LEKGOTLA_REPOSITORY, LEKGOTLA_SITE_URL)")
    return ""


class WebAddress(opt.Type):
    """A plugin option holding a web address, refused unless ``web_address_problem`` finds none."""

    def __init__(self, setting: str, default: str = ""):
        super().__init__(str, default=default)
        self.setting = setting

    def run_validation(self, value: object) -> str:
        address = super().run_validation(value)  # a str: the type check of opt.Type(str)
        problem = web_address_problem(self.setting, address.strip())
        if problem:
            raise ValidationError(problem)
        return address


class LekgotlaConfig(Config):
    # Switch the plugin off, e.g. to time a plain mkdocs-material build.
    enabled = opt.Type(bool, default=True)

    # Where the content lives, relative to mkdocs.yml; empty means MkDocs' docs_dir
    # (content/ in our mkdocs.yml).
    content_dir = opt.Type(str, default="")

    # Where finished work (the checked library, charts, related practices, the
    # text index, the last build's figures) is kept between builds, relative to mkdocs.yml.
    cache_dir = opt.Type(str, default=DEFAULT_DIR)

    # Set the navigation to the section index pages, unless mkdocs.yml has its own `nav`.
    navigation = opt.Type(bool, default=True)

    # The repository the content lives in (https://github.com/owner/name) and its
    # main branch: "Edit this page", "Report a problem" and the suggestion form
    # link there. Empty: those links are left out.
    repository = WebAddress("repository")
    branch = opt.Type(str, default="main")
    # How requests (for a mentor, to join a network, a suggested case study) reach people:
    # mailto:<a coordinator's address>, the https:// address of a form service that receives a
    # POST, or github (the repository's issues). Empty: github when there is a repository, else
    # the site offers no requests. See generator/site/channel.py.
    requests = RequestsOption()
    # Index the built site with Pagefind (the browser search); off for builds that never serve search.
    search_index = opt.Type(bool, default=True)
    # Keep the finished HTML of generated pages in .lekgotla-cache/pages/ and reuse it
    # while nothing that reaches a page changed; off: render every page on every build.
    render_cache = opt.Type(bool, default=True)
    # Convert contributors' markdown in a worker process while the plugin builds the pages
    # (markdown_ahead.py), when there are at least `ahead_from` pages of it and two cores.
    markdown_ahead = opt.Type(bool, default=True)
    ahead_from = opt.Type(int, default=AHEAD_FROM)
    # Pages the worker has not started when MkDocs reaches them, MkDocs converts itself, so that
    # the two share the work; false: MkDocs waits for the worker (every page converted there).
    ahead_take_back = opt.Type(bool, default=True)


@dataclass(frozen=True)
class Settings:
    """The paths of one build, resolved once; every step receives them from here."""

    root: Path  # the folder of mkdocs.yml
    content_dir: Path
    cache_dir: Path
    #: The markdown extensions pages are rendered with (mkdocs.yml's, read once), which the
    #: check of the bodies renders them with too.
    extensions: Extensions = DEFAULT_EXTENSIONS


def resolve(options: LekgotlaConfig, config_file: str | Path | None, docs_dir: str | Path,
            extensions: Extensions = DEFAULT_EXTENSIONS) -> Settings:
    """Paths relative to the folder of ``config_file`` (mkdocs.yml), made absolute."""
    root = Path(config_file).resolve().parent if config_file else Path.cwd().resolve()
    content = root / options.content_dir if options.content_dir else root / docs_dir
    return Settings(root, content.resolve(), (root / options.cache_dir).resolve(), extensions)


def settings_of(config_file: Path, content_dir: Path | None = None) -> Settings:
    """What the ``lekgotla`` commands use: the same options the build reads from ``config_file``.

    Without a config file (a bare folder with ``content/``), the content is
    ``content_dir`` or ./content, and the cache sits beside it. ``content_dir``
    given on the command line wins over the config file.
    """
    if not Path(config_file).is_file():
        content = Path(content_dir or "content").resolve()
        return Settings(content.parent, content, content.parent / DEFAULT_DIR)
    raw = mkdocs_yml(config_file)
    options = LekgotlaConfig()
    options.load_dict(_plugin_options(raw.get("plugins") or []))
    errors, _ = options.validate()
    if errors:
        raise ValueError(f"{config_file}: plugins: lekgotla: " + "; ".join(f"{k}: {e}" for k, e in errors))
    problem = web_address_problem("site_url", raw.get("site_url"))
    if problem:
        raise ValueError(f"{config_file}: {problem}")
    settings = resolve(options, config_file, raw.get("docs_dir") or "docs",
                       site_markdown_extensions(raw.get("markdown_extensions") or []))
    if content_dir is not None:
        settings = replace(settings, content_dir=Path(content_dir).resolve())
    return settings


def mkdocs_yml(config_file: Path) -> dict:
    """mkdocs.yml as written (read by MkDocs' YAML reader: !ENV and the rest), without loading the
    configuration, which would import every plugin: the one place that reads it by hand, for the
    commands' settings (``settings_of``), the site folder and the offline build's plugins."""
    with open(config_file, encoding="utf-8") as handle:
        return yaml_load(handle) or {}


def _plugin_options(plugins) -> dict:
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins)
    for name, options in entries:
        if name == "lekgotla":
            return dict(options or {})
    return {}
