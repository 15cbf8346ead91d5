"""A Markdown extension: toolkit checklists ("- [ ] step") as boxes that screen readers skip.

pymdownx.tasklist draws each box as a disabled checkbox with no label of its own,
which axe reports as a form control without a name. The boxes are pictures of a
paper checklist, not controls: hidden from assistive technology, the items read
as the plain list they are. Enable after pymdownx.tasklist in mkdocs.yml.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

_BOX = re.compile(r'<label class="task-list-control"><input type="checkbox" disabled(?P<checked> checked)?\s*/?>')


class _HideBoxes(Postprocessor):
    def run(self, text: str) -> str:
        return _BOX.sub(lambda m: '<label class="task-list-control" aria-hidden="true">'
                                  f'<input type="checkbox" disabled{m.group("checked") or ""} tabindex="-1"/>', text)


class ChecklistExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.postprocessors.register(_HideBoxes(md), "lekgotla_checklist", 5)  # after raw HTML is restored


def makeExtension(**kwargs) -> ChecklistExtension:
    return ChecklistExtension(**kwargs)
