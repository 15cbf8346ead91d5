"""Options of the ``lekgotla`` MkDocs plugin, as written under ``plugins:`` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class LekgotlaConfig(Config):
    # Switch the plugin off, e.g. to time a plain mkdocs-material build.
    enabled = opt.Type(bool, default=True)

    # Where the content lives; empty means MkDocs' docs_dir (content/ in our mkdocs.yml).
    content_dir = opt.Type(str, default="")

    # Set the navigation to the section index pages, unless mkdocs.yml has its own `nav`.
    navigation = opt.Type(bool, default=True)

    # The repository the content lives in (https://github.com/owner/name) and its
    # main branch: "Edit this page", "Report a problem" and the suggestion form
    # link there. Empty: those links are left out.
    repository = opt.Type(str, default="")
    branch = opt.Type(str, default="main")
    # Index the built site with Pagefind (the browser search); off for builds that never serve search.
    search_index = opt.Type(bool, default=True)
    # Keep the finished HTML of generated pages in .lekgotla-cache/pages/ and reuse it
    # while nothing that reaches a page changed; off: render every page on every build.
    render_cache = opt.Type(bool, default=True)
