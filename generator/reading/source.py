"""Reading contributed files: text, front matter and YAML, keeping line numbers.

Every later step reports problems as ``path:line``, so parsing keeps a map from
each field's position in the data (``("outcomes", 0, "baseline")``) to the line of
the file it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.reading.findings import Finding

#: Contributed text files larger than this are refused before parsing.
MAX_TEXT_BYTES = 1_000_000

FieldPath = tuple[str | int, ...]

# libyaml's parser when it is installed: several times faster on a large library.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class SourceError(Exception):
    """A file could not be read or parsed; carries the finding to report."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


@dataclass
class LineMap:
    """Where each field of a parsed YAML document sits in its file."""

    lines: dict[FieldPath, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, path: FieldPath) -> int:
        """The line of ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


@dataclass
class YamlDocument:
    data: Any
    lines: LineMap


@dataclass
class MarkdownDocument:
    """A markdown file split into its front matter and body."""

    front_matter: YamlDocument
    body: str
    body_line: int  # the file line where the body starts


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 file, tolerating a byte-order mark and CRLF line endings."""
    return decode_text(path.read_bytes(), display)


def decode_text(raw: bytes, display: str) -> str:
    """The text of a file's bytes, as ``read_text`` returns it."""
    if len(raw) > MAX_TEXT_BYTES:
        raise SourceError(Finding.error(
            display, 1, "", f"file is {len(raw):,} bytes; the limit is {MAX_TEXT_BYTES:,}",
            hint="split it, or move large data into a download under content/toolkits/files/"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(Finding.error(
            display, line, "", f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            hint="save the file as UTF-8 in your editor")) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, display: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; ``first_line`` is the file line of its first line."""
    try:
        _refuse_aliases(text, display, first_line)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(Finding.error(
            display, line, "", f"YAML does not parse: {problem}",
            hint=_yaml_hint(problem))) from None
    except yaml.YAMLError as exc:
        raise SourceError(Finding.error(display, first_line, "", f"YAML does not parse: {exc}")) from None
    lines = LineMap(first_line=first_line)
    try:
        data = _to_python(node, (), lines, first_line) if node is not None else None
    except _Refused as exc:
        raise SourceError(Finding.error(display, exc.line, exc.field, exc.message, exc.hint)) from None
    return YamlDocument(data, lines)


def parse_markdown(text: str, display: str) -> MarkdownDocument:
    """Split ``---`` front matter from the body and parse the front matter."""
    all_lines = text.split("\n")
    if not all_lines or all_lines[0].strip() != "---":
        raise SourceError(Finding.error(
            display, 1, "", "the file has no front matter",
            hint="start the file with a line '---', the fields, then another '---'"))
    for index in range(1, len(all_lines)):
        if all_lines[index].strip() in ("---", "..."):
            break
    else:
        raise SourceError(Finding.error(
            display, 1, "", "the front matter is not closed",
            hint="add a line '---' after the last field"))
    front = "\n".join(all_lines[1:index])
    document = parse_yaml(front, display, first_line=2)
    body = "\n".join(all_lines[index + 1:])
    return MarkdownDocument(document, body, body_line=index + 2)


def _refuse_aliases(text: str, display: str, first_line: int) -> None:
    # Anchors and aliases are never needed in content, and aliases nested in
    # aliases can expand into gigabytes ("billion laughs"): refuse them outright.
    if "&" not in text and "*" not in text:
        return  # no anchor or alias can be written without these: skip the second parse
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise SourceError(Finding.error(
                display, first_line + (event.start_mark.line if event.start_mark else 0), "",
                "YAML anchors and aliases (& and *) are not allowed in content",
                hint="write the value out in full"))


#: Content never needs lists or fields nested deeper than this.
MAX_DEPTH = 20


class _Refused(Exception):
    def __init__(self, line: int, field: str, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.field, self.message, self.hint = line, field, message, hint


def _to_python(node: yaml.Node, path: FieldPath, lines: LineMap, first_line: int) -> Any:
    lines.lines.setdefault(path, first_line + node.start_mark.line)
    if len(path) > MAX_DEPTH:
        raise _Refused(first_line + node.start_mark.line, "", f"values are nested more than {MAX_DEPTH} levels deep",
                       "see the example in CONTRIBUTING.md")
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, first_line)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                raise _Refused(first_line + key_node.start_mark.line, key,
                               f"'{key}' is given twice (also line {lines.lines[path + (key,)]})", "keep one")
            lines.lines[path + (key,)] = first_line + key_node.start_mark.line
            result[key] = _to_python(value_node, path + (key,), lines, first_line)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, path + (i,), lines, first_line) for i, item in enumerate(node.value)]
    return _scalar(node, first_line, path)


#: Numbers in content are years, counts and percentages: none needs more characters than this.
#: (Python refuses to write an int of more than 4,300 digits as text, and YAML's sexagesimal
#: integers, 59:59:59..., grow one by one: either ended in a traceback.)
MAX_NUMBER_CHARS = 40
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _scalar(node: yaml.Node, first_line: int = 1, path: FieldPath = ()) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return None
    if len(node.value) > MAX_NUMBER_CHARS and node.tag in _NUMBER_TAGS:
        name = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")
        raise _Refused(first_line + node.start_mark.line, name,
                       f"a number of {len(node.value):,} characters is not a value content can hold",
                       f"write a number of at most {MAX_NUMBER_CHARS} characters")
    try:
        value = _CONSTRUCTOR.construct_object(node)  # resolves int, float, bool, date...
    except ValueError:
        value = node.value  # "2022-02-30" looks like a date but is none: kept as text, refused by the check
    except yaml.YAMLError as exc:  # a tag such as !!python/object: never needed in content
        raise _Refused(first_line + node.start_mark.line, "", f"YAML does not parse: {getattr(exc, 'problem', exc)}",
                       "write plain values; tags such as !!python/... are not allowed") from None
    finally:
        _CONSTRUCTOR.constructed_objects.clear()
    # Dates are kept as ISO text: that is what the schemas and the site expect.
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' needs quotes, e.g. title: \"Water: the next ten years\""
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "each field is written as 'name: value'"
    return ""
