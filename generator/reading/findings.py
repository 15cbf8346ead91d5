"""Problems found in the content, and how they are reported."""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    """The content breaks the contract: check fails and the build stops."""
    WARNING = "warning"
    """Probably a mistake, but the site can still be built."""


@dataclass(frozen=True)
class Finding:
    path: str  # as the contributor knows it, relative to the repository
    line: int
    field: str  # dotted: outcomes[0].baseline.year; empty when it concerns the whole file
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @classmethod
    def error(cls, path: str, line: int, field: str, message: str, hint: str = "") -> Finding:
        return cls(path, line, field, message, hint, Severity.ERROR)

    @classmethod
    def warning(cls, path: str, line: int, field: str, message: str, hint: str = "") -> Finding:
        return cls(path, line, field, message, hint, Severity.WARNING)

    def as_text(self) -> str:
        where = f"{self.path}:{self.line}: "
        what = f"{self.field}: " if self.field else ""
        label = "warning: " if self.severity is Severity.WARNING else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{label}{what}{self.message}{hint}"

    def as_github(self) -> str:
        # GitHub Actions workflow command: shows the message on the changed line.
        kind = "error" if self.severity is Severity.ERROR else "warning"
        text = _workflow_escape(self.as_text().split(": ", 1)[1])
        path = _workflow_escape(self.path).replace(":", "%3A").replace(",", "%2C")
        return f"::{kind} file={path},line={self.line}::{text}"


def _workflow_escape(text: str) -> str:
    # The workflow-command syntax: a raw CR or LF would end the command and let
    # contributed text start a command of its own.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


@dataclass
class Report:
    """Every finding of one run, in the order found."""

    findings: list[Finding] = field(default_factory=list)
    #: A check was stopped at its time limit: the verdict then depends on how busy the machine was,
    #: not on the content alone, so it is not kept for the next run (library_cache).
    stopped: bool = False

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (f.path, f.line))

    def as_text(self) -> str:
        return "\n".join(f.as_text() for f in self.sorted())

    def as_json(self) -> str:
        return json.dumps(
            {"errors": len(self.errors), "warnings": len(self.warnings),
             "findings": [asdict(f) | {"severity": f.severity.value} for f in self.sorted()]},
            indent=2)

    def summary(self) -> str:
        return f"{_count(len(self.errors), 'error')}, {_count(len(self.warnings), 'warning')}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """A hint naming the closest choice, or ``""`` when nothing is close."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if str(value).lower() in lowered:
        return f"did you mean '{lowered[str(value).lower()]}'?"
    close = difflib.get_close_matches(str(value).lower(), list(lowered), n=1, cutoff=cutoff)
    return f"did you mean '{lowered[close[0]]}'?" if close else ""
