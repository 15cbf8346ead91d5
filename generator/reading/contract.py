"""The content contract: the JSON Schemas in ``schemas/`` and how their complaints read.

A schema error becomes a ``Finding`` worded for a contributor ("expected a date
written YYYY-MM-DD"), the same words ``lekgotla new`` and the suggestion form use.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Iterator

import jsonschema

from generator.reading.findings import Finding, did_you_mean
from generator.reading.source import FieldPath, LineMap

SCHEMA_DIR = Path(__file__).parent / "schemas"
FIRST_YEAR = 1994  # the first democratic local government data

# Messages for the schema's named patterns, keyed by the pattern itself.
PATTERN_MESSAGES = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "expected a lowercase slug: letters, digits and hyphens, e.g. 'leak-detection'",
    "^[A-Z]{1,4}[0-9]+(\\.[0-9]+)*$": "expected a Circular 88 code such as WS5.1",
    "^([A-Z]{1,4}[0-9]+(\\.[0-9]+)*|[a-z][a-z0-9]*(-[a-z0-9]+)*)$":
        "expected an indicator id such as WS5.1 or piped-water-scheme",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "expected a date written YYYY-MM-DD",
    "^[A-Za-z0-9._+'-]+@([A-Za-z0-9-]+\\.)+[A-Za-z]{2,}$":
        "is not an email address alone: no ?, & or headers, which a mailto: link would act on (e.g. name@example.org)",
    "^\\+?[0-9 ()-]{7,20}$": "expected a phone number of digits and spaces, e.g. +27 31 311 1111",
    "^https?://[^\\s/$.?#][^\\s]*$": "expected a web address starting with https://",
    "^files/[^\\s]+$": "expected a path inside files/, e.g. files/template.md",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2})?$": "expected a date written YYYY-MM-DD, or YYYY-MM-DD HH:MM",
    "^10\\.[0-9]{4,9}/[^\\s]+$": "is not a DOI: expected 10.<registrant>/<suffix>, e.g. 10.4102/jamba.v13i1.1097",
    "^[A-Z]{2,3}$": "expected a province code such as KZN",
    "^[^,;]+$": "expected one phrase: write each phrase as an item of its own, without commas",
}
TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "array": "a list",
              "object": "a group of fields", "boolean": "true or false"}


@cache
def schema(name: str) -> jsonschema.Draft202012Validator:
    with open(SCHEMA_DIR / f"{name}.schema.json", encoding="utf-8") as handle:
        document = json.load(handle)
    # The same rules with each "$ref": "#/$defs/..." written out in place: looking
    # references up is a quarter of the validation time of a large library.
    defs = document.pop("$defs", {})
    return jsonschema.Draft202012Validator(_inline_refs(document, defs))


def _inline_refs(node: Any, defs: dict) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            return _inline_refs({**defs[ref.removeprefix("#/$defs/")], **siblings}, defs)
        return {k: _inline_refs(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def schema_error_findings(display: str, error: jsonschema.ValidationError, path: FieldPath,
                           lines: LineMap) -> Iterator[Finding]:
    kind, expected, value = str(error.validator), error.validator_value, error.instance
    if kind == "required":
        for name in expected if isinstance(expected, list) else []:
            if isinstance(value, dict) and name not in value:
                yield Finding.error(display, lines.line_of(path), field_name(path + (name,)),
                                    "missing required field", _missing_hint(name, value))
        return
    if kind == "additionalProperties":
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        for name in value if isinstance(value, dict) else []:
            if name not in known:
                yield Finding.warning(display, lines.line_of(path + (name,)), field_name(path + (name,)),
                                      "unknown field, ignored", did_you_mean(name, known)
                                      or f"known fields: {', '.join(known)}")
        return
    yield Finding.error(display, lines.line_of(path), field_name(path), describe_error(kind, expected, value),
                        did_you_mean(value, expected) if kind == "enum" and isinstance(value, str)
                        and isinstance(expected, list) else "")


def describe_error(kind: str, expected: Any, value: Any) -> str:
    if kind == "type":
        return f"expected {TYPE_NAMES.get(expected, expected)}, got {describe_value(value)}"
    if kind == "enum":
        return f"'{value}' is not one of: {', '.join(map(str, expected))}"
    if kind == "pattern":
        return f"'{value}' {PATTERN_MESSAGES.get(expected, 'has the wrong form')}".replace("' expected", "': expected")
    if kind == "maxLength":
        return f"is {len(value)} characters long; the limit is {expected}"
    if kind == "minLength":
        return "is empty" if not value else f"is too short: at least {expected} characters"
    if kind == "minimum":
        return f"{value} is too small: expected {expected} or later" if isinstance(value, int) else f"must be at least {expected}"
    if kind == "minItems":
        return "the list is empty"
    if kind == "uniqueItems":
        return "the list has the same value twice"
    return f"{describe_value(value)} is not valid here"


def _missing_hint(name: str, data: dict) -> str:
    close = did_you_mean(name, [k for k in data if isinstance(k, str)])
    return close.replace("did you mean", "is it misspelt as") if close else ""


def choices_hint(known) -> str:
    known = sorted(known)
    return f"known: {', '.join(known)}" if len(known) <= 12 else ""


def describe_value(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, str):
        return f"'{value}'" if len(value) < 40 else "text"
    return str(value)


def field_name(path: FieldPath) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name
