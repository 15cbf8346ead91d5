"""The one allowlist for contributed HTML, applied by an HTML5 parser (nh3, Ammonia's binding).

Python's ``html.parser`` reads comments, CDATA and raw-text elements
(``<noscript>``, ``<xmp>``, ``<textarea>``...) differently from a browser, so a
filter built on it can be walked around. nh3 parses as a browser does and
re-serialises only what the lists below allow; the build runs every rendered
page body through ``sanitize_html``, and ``lekgotla check`` runs the very same
function on each contributor's markdown and reports whatever it would remove
(``removals``), so the two never disagree.

Also here: ``safe_url`` and ``url_attribute``, the one way a template turns a
contributed value into a URL attribute.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
from markupsafe import Markup

#: Elements contributed HTML may use (no SVG, no MathML, no forms, no media).
ALLOWED_ELEMENTS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
    "input", "label",  # toolkit checklists ("- [ ] step"): see FORCED_ATTRIBUTES
})
#: Attributes allowed on every allowed element; no style, no data-*, no event handlers.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
#: Further attributes per element.
ELEMENT_ATTRIBUTES = {
    "a": {"href"}, "img": {"src", "alt", "width", "height"}, "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"}, "colgroup": {"span"}, "details": {"open"}, "abbr": {"title"},
    "input": {"type", "checked", "disabled", "tabindex"}, "label": {"aria-hidden"},
}
#: Attributes set on every such element whatever the markup said, and (in _keep_attribute) the
#: values its other attributes are given: an <input> can only ever be a disabled checkbox out of
#: reach of the keyboard, a picture of a paper checklist (never an image button that loads from
#: another host or a field that takes text). One forced attribute only: several would be
#: appended in no fixed order, and the same page must always come out the same.
FORCED_ATTRIBUTES = {"input": {"disabled": "disabled"}}
_INPUT_VALUES = {"type": "checkbox", "tabindex": "-1", "checked": "checked", "disabled": "disabled"}
#: Elements removed together with everything inside them.
REMOVED_WITH_CONTENT = frozenset({"script", "style"})
#: Schemes a link may use; relative URLs (no scheme) are allowed too.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Schemes the site's own templates may also write (a contact's phone number).
TEMPLATE_SCHEMES = URL_SCHEMES | {"tel"}
#: Attributes that hold URLs.
URL_ATTRIBUTE_NAMES = frozenset({"href", "src"})
#: The classes contributed HTML may carry: those the site's own markdown extensions write
#: (admonitions and mkdocs-material's admonition types, permalinks, [TOC], task lists, the
#: tables' alignment as lekgotla.css has it) and a fenced block's language. Never the theme's
#: own (md-*, lk-*): a body of mkdocs-material's classes drew a "Sign in" dialog over the page.
ALLOWED_CLASSES = frozenset({
    "admonition", "admonition-title", "headerlink", "toc", "task-list", "task-list-item", "task-list-control",
    "task-list-indicator", "lk-align-left", "lk-align-right", "lk-align-center",
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done",
    "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error",
    "bug", "example", "quote", "cite",
})
_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")

_ATTRIBUTES = {tag: set(GLOBAL_ATTRIBUTES) | ELEMENT_ATTRIBUTES.get(tag, set()) for tag in ALLOWED_ELEMENTS}
# Browsers ignore control characters and whitespace inside a scheme: "java\tscript:" runs.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def url_scheme(value: str) -> str:
    """The scheme of a URL as a browser reads it (entities decoded, the characters it ignores in a
    scheme gone), in lowercase; "" for a URL without one. The one reading of a scheme: the build's
    sanitizer, check's hazards and its image rules all ask it."""
    found = _SCHEME.match(_IGNORED_IN_SCHEME.sub("", html.unescape(value)))
    return found.group(1).lower() if found else ""


def safe_url(value: object, schemes: frozenset[str] = URL_SCHEMES) -> str | None:
    """``value`` as a URL if it is relative or uses one of ``schemes``, else ``None``."""
    if not isinstance(value, str):
        return None
    plain = _IGNORED_IN_SCHEME.sub("", html.unescape(value))
    if plain.startswith(("\\", "/\\")):
        return None  # browsers read "\\host" and "/\\host" as "//host"
    scheme = url_scheme(value)
    if scheme and scheme not in schemes:
        return None
    if not scheme and ":" in plain.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return None  # "x:y" before any slash would be read as a scheme
    return value.strip()


def url_attribute(value: object, name: str = "href") -> Markup:
    """`` name="value"`` for a template, quoted and escaped; empty when the URL is refused.

    The one way a template writes a URL that came from a contributor:
    ``<a{{ source.url | lk_url_attr }}>``.
    """
    url = safe_url(value, TEMPLATE_SCHEMES)
    if url is None or name not in URL_ATTRIBUTE_NAMES | {"action", "cite"}:
        return Markup("")
    return Markup(' {}="{}"').format(Markup(name), url)


# Markdown's tables write a column's alignment as style="text-align: right": the one style
# the site keeps, as a class of lekgotla.css (the policy forbids inline styles).
_ALIGNMENT = re.compile(r'(<t[dh]\b[^<>]*?)\sstyle="text-align:\s*(left|right|center);?"', re.I)


def _alignment_as_attribute(markup: str) -> str:
    return _ALIGNMENT.sub(r'\1 class="lk-align-\2"', markup) if "text-align" in markup else markup


def sanitize_html(markup: str) -> str:
    """``markup`` with only the allowed elements, attributes and URLs left, as a browser would read it.

    Cleaned twice: an element taken out with its content kept can leave a nesting the HTML parser never
    makes. <object>, <applet>, <marquee>, <button> and <select> hold a paragraph inside a paragraph
    ("<p><object><p>x" cleans to "<p><p>x</p></p>"), which a browser, and the next cleaning, read as three
    paragraphs. The second pass, over allowed elements only, gives what a browser reads; it costs about
    0.1 ms a body.
    """
    return _clean(_clean(_alignment_as_attribute(markup)))


def _clean(markup: str) -> str:
    return nh3.clean(markup, tags=set(ALLOWED_ELEMENTS), clean_content_tags=set(REMOVED_WITH_CONTENT),
                     attributes=_ATTRIBUTES, attribute_filter=_keep_attribute, url_schemes=set(URL_SCHEMES),
                     strip_comments=True, link_rel=None, set_tag_attribute_values=FORCED_ATTRIBUTES)


def allowed_classes(value: str) -> str:
    """The classes of ``value`` that contributed HTML may carry (``ALLOWED_CLASSES``), in their order."""
    return " ".join(name for name in value.split() if name in ALLOWED_CLASSES or _LANGUAGE_CLASS.fullmatch(name))


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "input":
        return _INPUT_VALUES.get(attribute)
    if attribute == "class":
        return allowed_classes(value) or None
    if attribute in URL_ATTRIBUTE_NAMES and safe_url(value) is None:
        return None
    if element == "img" and attribute == "src" and (url_scheme(value) or value.strip().startswith("//")):
        return None  # an image from another host would tell it who reads the page
    if attribute == "id" and value.startswith(("_", "lk-", "md-")):
        return None  # the theme's own elements are found by these ids
    return value


# One tag as python-markdown writes it: a name, attributes in double quotes or bare, nothing else.
_WRITTEN_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z-]*(?:="[^"<>]*")?)*)\s*(/?)>')
_WRITTEN_ATTRIBUTE = re.compile(r'\s+([a-z][a-z-]*)(?:="([^"<>]*)")?')


def keeps_as_it_is(markup: str) -> bool:
    """True when every tag of ``markup`` is one ``sanitize_html`` keeps as it is, so ``removals``
    would find nothing: each '<' starts a well-formed tag of an allowed element whose every
    attribute is allowed and kept with its value. False sends ``markup`` to ``removals``. Meant
    for markdown rendered from text without raw HTML (check_body), whose tags python-markdown
    writes itself, well nested: most bodies, checked without parsing them twice."""
    markup = _alignment_as_attribute(markup)
    in_paragraph = False
    at = markup.find("<")
    while at >= 0:
        tag = _WRITTEN_TAG.match(markup, at)
        if tag is None or tag.group(2) not in ALLOWED_ELEMENTS:
            return False
        closing, element = bool(tag.group(1)), tag.group(2)
        if not closing and not _kept_attributes(element, tag.group(3)):
            return False
        if not closing and in_paragraph and element in _CLOSES_A_PARAGRAPH:
            return False  # not well nested after all: "*[TOC]*" is written <p><div class="toc">...</div></p>
        if element == "p":
            in_paragraph = not closing
        at = markup.find("<", tag.end())
    return True


#: Elements whose start tag ends an open <p> for an HTML5 parser (the spec's "close a p element"):
#: python-markdown can write one inside a paragraph, which the sanitizer's parser then takes apart.
_CLOSES_A_PARAGRAPH = frozenset({
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu",
    "nav", "ol", "p", "pre", "search", "section", "summary", "table", "ul"})


def _kept_attributes(element: str, written: str) -> bool:
    for match in _WRITTEN_ATTRIBUTE.finditer(written):
        name, value = match.group(1), html.unescape(match.group(2) or "")
        if name not in _ATTRIBUTES[element]:
            return False
        if element == "input":
            if _INPUT_VALUES.get(name) not in (value, name if not match.group(2) else None):
                return False
        elif name == "class":
            if allowed_classes(value) != " ".join(value.split()):
                return False
        elif _keep_attribute(element, name, value) != value:
            return False
    return True


@dataclass(frozen=True)
class Removal:
    """Something ``sanitize_html`` changes: an element or attribute it takes out, or one a
    browser would find where a simpler reader sees none (inside a comment or raw text)."""

    element: str
    attribute: str = ""
    value: str = ""
    hidden: bool = False

    @property
    def reason(self) -> str:
        if self.hidden:
            return (f"<{self.element}> hidden in a comment, CDATA or raw-text element is read by browsers "
                    "as markup; it is not allowed")
        if self.attribute.startswith("on"):
            return f"the attribute {self.attribute}= runs code"
        names = ", ".join(f"'{name}'" for name in self.value.split() if name not in allowed_classes(self.value).split())
        if self.attribute == "class" and names:
            return (f"the class {names} on <{self.element}> is not allowed: the site's own classes would dress the "
                    "text as part of the page (only admonitions, tables, task lists and code languages keep theirs)")
        if self.attribute in URL_ATTRIBUTE_NAMES and self.value:
            scheme = url_scheme(self.value)
            kind = "an image" if self.element == "img" else "a link"
            if scheme and scheme not in URL_SCHEMES:
                return f"{kind} to a '{scheme}:' URL can run code or leave the site"
            return f"{kind} to '{self.value[:60]}' is not allowed (images must be files of this library)"
        if self.attribute:
            return f"the attribute {self.attribute}= on <{self.element}> is not allowed"
        if self.element in REMOVED_WITH_CONTENT:
            return f"<{self.element}> is not allowed: it can run code or change the page"
        return f"<{self.element}> is not allowed: it can run code or load content from elsewhere"

    @property
    def needles(self) -> tuple[str, ...]:
        """Texts to look for in the source to find the line, best first."""
        if self.attribute == "class":  # written as class="...", {: .name } or !!! name
            refused = [name for name in self.value.split() if name not in allowed_classes(self.value).split()]
            return (f'"{self.value}"', f"'{self.value}'", *(f".{name}" for name in refused),
                    *(f"!!! {name}" for name in refused), *refused, f"{self.attribute}=", f"<{self.element}")
        if self.value:
            return (self.value, f"{self.attribute}=", f"<{self.element}")
        if self.attribute:
            return (f"{self.attribute}=", self.attribute, f"<{self.element}")
        return (f"<{self.element}", self.element)


def removals(markup: str) -> list[Removal]:
    """What ``sanitize_html`` changes in ``markup``, beyond re-serialising it.

    Compared as the elements, attributes and text each version holds, so that
    quoting, entity and end-tag differences do not count; an element that only
    appears in the sanitized version (a naive reader saw it as a comment or
    text) counts as well.
    """
    markup = _alignment_as_attribute(markup)
    before, after = _Shape.of(markup), _Shape.of(sanitize_html(markup))
    found = [Removal(tag, attribute, value) for (tag, attribute, value) in before.attributes - after.attributes]
    found += [Removal(tag) for tag in before.elements - after.elements]
    found += [Removal(tag, hidden=True) for tag in after.elements - before.elements if tag not in _IMPLIED]
    if not found and before.text != after.text:
        found.append(Removal("!--", hidden=True))
    return found


#: Elements an HTML5 parser adds by itself, found in no markup: <tbody> around a table's rows, and an empty
#: <p> for a </p> left over once a <div> ended the paragraph it was in ("*[TOC]*", written <p><div ...></p>).
_IMPLIED = frozenset({"tbody", "p"})


class _Shape(HTMLParser):
    """Elements, attributes and text of a piece of HTML, order aside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter = Counter()
        self.attributes: Counter = Counter()
        self.words: list[str] = []

    @classmethod
    def of(cls, markup: str) -> _Shape:
        shape = cls()
        shape.feed(markup)
        shape.close()
        return shape

    @property
    def text(self) -> str:
        return " ".join("".join(self.words).split())

    def handle_starttag(self, tag, attrs):
        self.elements[tag] += 1
        for name, value in attrs:
            if tag not in ALLOWED_ELEMENTS:
                continue  # reported with the element
            if name == "class":  # a class the sanitizer drops is reported with its value
                self.attributes[(tag, name, " ".join((value or "").split()))] += 1
                continue
            kept = name in URL_ATTRIBUTE_NAMES and _keep_attribute(tag, name, value or "") is not None
            self.attributes[(tag, name, "" if kept or name not in URL_ATTRIBUTE_NAMES else value or "")] += 1

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.lasttag not in REMOVED_WITH_CONTENT:
            self.words.append(data)
