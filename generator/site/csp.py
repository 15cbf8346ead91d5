"""The Content-Security-Policy of every page, as a ``<meta http-equiv>`` tag.

Static hosts rarely let a site set headers, so the policy travels in each page.
Scripts run only from the site's own files and from the inline scripts the
theme writes, each allowed by its SHA-256 hash (computed from the finished page,
since mkdocs-material's inline scripts carry the page's relative base address);
no inline event handler or ``javascript:`` URL can run, and images, styles,
fonts and connections come only from the site. Pagefind runs WebAssembly,
hence ``'wasm-unsafe-eval'`` (which allows compiling WebAssembly, not ``eval``).

A contributed ``<script>`` never gets a hash: the sanitizer has removed it
before the page is finished, and a policy computed afterwards only covers what
is left.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

# An inline script: no src attribute. Its text is hashed exactly as the browser sees it.
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)
_INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style\s*>", re.S | re.I)
_HEAD = re.compile(r"<head[^>]*>\s*(<meta charset=[^>]*>)?", re.I)


def policy(markup: str, form_hosts: tuple[str, ...] = (), offline: bool = False) -> str:
    """The policy for one finished page."""
    hashes = sorted({_hash(script) for script in _INLINE_SCRIPT.findall(markup)})
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])
    # The theme's own <style> elements (contributed ones were removed before this runs).
    styles = " ".join(["'self'", *sorted({_hash(style) for style in _INLINE_STYLE.findall(markup)})])
    if offline:
        # From file:// the search worker runs in a frame the offline shim writes
        # with an inline script; such a copy is read from a disk, not served.
        scripts = "'self' 'unsafe-inline'"
    directives = {
        "default-src": "'self'",
        "script-src": scripts,
        "style-src": styles,
        "img-src": "'self' data:",  # the theme's icons are data: SVGs in its stylesheet
        "font-src": "'self'",
        "connect-src": "'self'",
        "worker-src": "'self'",
        "frame-src": "'self'" if offline else "'none'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": " ".join(["'self'", *form_hosts]),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def with_policy(markup: str, form_hosts: tuple[str, ...] = (), offline: bool = False) -> str:
    """``markup`` with the policy as the first element of its ``<head>`` after the charset.

    First, because a policy given in a meta tag only covers what follows it.
    """
    head = _HEAD.search(markup)
    if not head:
        return markup
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(markup, form_hosts, offline)}">'
    return markup[:head.end()] + "\n" + tag + markup[head.end():]


def origin_of(url: str) -> str:
    """``https://github.com`` for ``https://github.com/owner/repo``; ``""`` when it is no web address."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or not re.fullmatch(r"[A-Za-z0-9.:-]+", parts.netloc):
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
