"""Checks of contributors' markdown bodies: nothing in them may run code or load content from
elsewhere, and images must be files of this library.

A mixin of ``validate.Checker``: it relies on the checker's ``raw``, ``memo``, ``extensions``,
``_error`` and ``_plain_values``, and keeps its state in the ``body_checks``, ``_checking`` and
``_with_bodies`` that the checker's ``__init__`` sets. Every body is rendered to check it, as the build
renders it (``bodies.check_body``), in worker processes with a time limit (``start_body_checks``)
while the checker goes on with the front matter; ``bodies()`` reports what they found.
"""

from __future__ import annotations

from generator.bounded import Unfinished
from generator.reading.bodies import BodyCheck, check_bodies, known_check, remember_check, unfinished_check
from generator.reading.load import MarkdownFile
from generator.reading.safety import image_problem
from generator.reading.source import LineMap


class BodyChecks:
    def start_body_checks(self, files: list[MarkdownFile]) -> None:
        """Start checking the markdown of every file that has one, across the cores (rendering each
        body to check it is most of a cold check); unchanged files are answered from the memo, and
        from the checks this process did before."""
        todo = []
        for file in files:
            if file.document is None:
                continue
            known = self.memo.get(self._body_key(file)) if self.memo and file.digest else None
            if known is None:
                known = known_check(file.document.body, self.extensions)  # checked a moment ago in this process
                if known is not None and self.memo and file.digest:
                    self.memo.put(self._body_key(file), known)
            if known is None:
                todo.append(file)
            else:
                self.body_checks[file.display] = known
        self._checking = todo, check_bodies([f.document.body for f in todo], self.extensions) if todo else None

    def stop_body_checks(self) -> None:
        """Stop the workers of an unfinished check (the caller gave up: an error, Ctrl-C)."""
        if self._checking and self._checking[1]:
            self._checking[1].stop()

    def bodies(self) -> None:
        """Report what the body checks found, once they are done."""
        if self._checking:
            todo, pending = self._checking
            self._checking = None
            for file, body_check in zip(todo, pending.results() if pending else []):
                unfinished = isinstance(body_check, Unfinished)
                if unfinished:
                    body_check = unfinished_check(file.document.body, body_check)
                self.body_checks[file.display] = body_check
                remember_check(file.document.body, self.extensions, body_check)
                if self.memo and file.digest and not unfinished:  # a busy machine may have stopped it: not kept
                    self.memo.put(self._body_key(file), body_check)
        waiting, self._with_bodies = self._with_bodies, []
        for file in waiting:
            self._body_findings(file)

    def _body_key(self, file: MarkdownFile) -> tuple:
        return ("body", file.digest, self.extensions)

    def _untrusted(self, file: MarkdownFile, data: dict, lines: LineMap) -> None:
        # Contributions come from outside: nothing in them may run code or load
        # content from elsewhere, and images must be files of this library.
        self._plain_values(file, data, lines)
        if self._checking:
            self._with_bodies.append(file)  # its body is being checked in the workers: see bodies()
        else:
            self._body_findings(file)

    def _body_findings(self, file: MarkdownFile) -> None:
        first = file.document.body_line
        found: BodyCheck = self.body_checks[file.display]  # every body was started in start_body_checks
        for hazard in found.costly:
            self._error(file.display, first + hazard.line - 1, "", hazard.reason,
                        "split the paragraph, or match each bracket" if "bracket" in hazard.reason or "unmatched" in hazard.reason
                        else "simplify the text (see What pages may contain in CONTRIBUTING.md)")
        for hazard in found.hazards:
            self._error(file.display, first + hazard.line - 1, "", hazard.reason,
                        "remove it; pages may use markdown and simple HTML only")
        for image in found.images:
            problem = image_problem(image.path, file.path.parent, self.raw.root)
            if problem:
                self._error(file.display, first + image.line - 1, "", f"image '{image.path}': {problem}",
                            "put the picture in content/images/ and write ![description](../images/name.jpg)")
