"""Checks of contributors' markdown bodies: nothing in them may run code or load content from
elsewhere, and images must be files of this library.

Every body is rendered to check it, as the build renders it (``bodies.check_body``), in worker
processes with a time limit: ``start`` sets them going while the other checks read the front
matter; ``check`` reports a file's findings, or notes the file for ``finish`` while its body is
still being checked. A body whose bytes were checked before is answered from the memo, or from
the checks this process did before.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.bounded import BoundedRun, Unfinished
from generator.reading.bodies import BodyCheck, check_bodies, known_check, remember_check, unfinished_check
from generator.reading.findings import Finding, Report
from generator.reading.load import MarkdownFile
from generator.reading.safety import Extensions, image_problem

if TYPE_CHECKING:
    from generator.reading.memo import FileMemo


class BodyChecks:
    def __init__(self, root: Path, report: Report, memo: FileMemo | None, extensions: Extensions):
        self.root = root  # content/, where the pictures a body shows must be
        self.report = report
        self.memo = memo
        self.extensions = extensions
        self.found: dict[str, BodyCheck] = {}  # by file.display
        self.running: tuple[list[MarkdownFile], BoundedRun | None] | None = None  # files checked in the workers
        self.waiting: list[MarkdownFile] = []  # whose front matter was checked: their bodies are next

    def start(self, files: list[MarkdownFile]) -> None:
        """Start checking the markdown of every file that has one, across the cores (rendering each
        body to check it is most of a cold check)."""
        todo = []
        for file in files:
            if file.document is None:
                continue
            known = self._known(file)
            if known is None:
                todo.append(file)
            else:
                self.found[file.display] = known
        bodies = [f.document.body for f in todo if f.document]
        self.running = todo, check_bodies(bodies, self.extensions) if todo else None

    def _known(self, file: MarkdownFile) -> BodyCheck | None:
        assert file.document is not None
        known: BodyCheck | None = self.memo.get(self._key(file)) if self.memo and file.digest else None
        if known is None:
            known = known_check(file.document.body, self.extensions)  # checked a moment ago in this process
            if known is not None and self.memo and file.digest:
                self.memo.put(self._key(file), known)
        return known

    def stop(self) -> None:
        """Stop the workers of an unfinished check (the caller gave up: an error, Ctrl-C)."""
        if self.running and self.running[1]:
            self.running[1].stop()

    def check(self, file: MarkdownFile) -> None:
        """Report what the body of ``file`` holds, now or, while the workers check it, in ``finish``."""
        if self.running:
            self.waiting.append(file)
        else:
            self._report(file)

    def finish(self) -> None:
        """Report what the body checks found, once they are done."""
        if self.running:
            todo, pending = self.running
            self.running = None
            for file, body_check in zip(todo, pending.results() if pending else []):
                self._keep(file, body_check)
        waiting, self.waiting = self.waiting, []
        for file in waiting:
            self._report(file)

    def _keep(self, file: MarkdownFile, result: BodyCheck | Unfinished) -> None:
        assert file.document is not None
        body_check = unfinished_check(file.document.body, result) if isinstance(result, Unfinished) else result
        self.found[file.display] = body_check
        remember_check(file.document.body, self.extensions, body_check)
        if self.memo and file.digest and not body_check.stopped:  # a busy machine may have stopped it: not kept
            self.memo.put(self._key(file), body_check)

    def _key(self, file: MarkdownFile) -> tuple[str, str, Extensions]:
        return ("body", file.digest, self.extensions)

    def _report(self, file: MarkdownFile) -> None:
        assert file.document is not None
        first = file.document.body_line
        found = self.found[file.display]  # every body was started in start()
        self.report.stopped |= found.stopped  # stopped now, or earlier in this process (known_check)
        for hazard in found.costly:
            self._error(file, first + hazard.line - 1, hazard.reason,
                        "split the paragraph, or match each bracket" if "bracket" in hazard.reason or "unmatched" in hazard.reason
                        else "simplify the text (see What pages may contain in CONTRIBUTING.md)")
        for hazard in found.hazards:
            self._error(file, first + hazard.line - 1, hazard.reason,
                        "remove it; pages may use markdown and simple HTML only")
        for image in found.images:
            problem = image_problem(image.path, file.path.parent, self.root)
            if problem:
                self._error(file, first + image.line - 1, f"image '{image.path}': {problem}",
                            "put the picture in content/images/ and write ![description](../images/name.jpg)")

    def _error(self, file: MarkdownFile, line: int, message: str, hint: str) -> None:
        self.report.add(Finding.error(file.display, line, "", message, hint))
