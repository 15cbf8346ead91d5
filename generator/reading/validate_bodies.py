"""Checks of contributors' markdown bodies: nothing in them may run code or load content from
elsewhere, and images must be files of this library.

A mixin of ``validate.Checker``: it relies on the checker's ``raw``, ``memo``, ``extensions``,
``_error`` and ``_plain_values``, and keeps its state in the ``body_checks``, ``_checking`` and
``_with_bodies`` that the checker's ``__init__`` sets. Rendering each body to check it is most of a cold
check, so the bodies are checked in worker processes (``start_body_checks``) while the checker goes on
with the front matter; ``bodies()`` reports what they found.
"""

from __future__ import annotations

from generator.reading.load import MarkdownFile
from generator.reading.safety import check_body, image_problem
from generator.reading.source import LineMap
from generator.workers import start_map_in_workers


class BodyChecks:
    def start_body_checks(self, files: list[MarkdownFile]) -> None:
        """Start checking the markdown of many files across the cores (rendering each body to
        check it is most of a cold check); unchanged files are answered from the memo."""
        todo = []
        for file in files:
            if file.document is None:
                continue
            known = self.memo.get(self._body_key(file)) if self.memo and file.digest else None
            if known is None:
                todo.append(file)
            else:
                self.body_checks[file.display] = known
        self._checking = todo, start_map_in_workers(check_body, [f.document.body for f in todo],
                                                    [self.extensions] * len(todo))

    def bodies(self) -> None:
        """Report what the body checks found, once they are done."""
        if self._checking:
            todo, pending = self._checking
            self._checking = None
            for file, body_check in zip(todo, pending.results()):
                self.body_checks[file.display] = body_check
                if self.memo and file.digest:
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
        body, first = file.document.body, file.document.body_line
        found = self.body_checks.get(file.display) or check_body(body, self.extensions)
        for hazard in found.costly:
            self._error(file.display, first + hazard.line - 1, "", hazard.reason,
                        "split the paragraph, or match each bracket")
        for hazard in found.hazards:
            self._error(file.display, first + hazard.line - 1, "", hazard.reason,
                        "remove it; pages may use markdown and simple HTML only")
        for image in found.images:
            problem = image_problem(image.path, file.path.parent, self.raw.root)
            if problem:
                self._error(file.display, first + image.line - 1, "", f"image '{image.path}': {problem}",
                            "put the picture in content/images/ and write ![description](../images/name.jpg)")
