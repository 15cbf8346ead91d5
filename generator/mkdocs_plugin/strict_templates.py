"""Our templates fail loudly on a missing value; mkdocs-material's keep Jinja's lenient default.

Jinja has one ``undefined`` class per environment, and mkdocs-material's templates are written
for the lenient one (``{% if config.extra.x %}`` on options nobody set). So the environment's
class looks, when a value is missing, at the template that asked: in one of ours
(``STRICT_TEMPLATES``) it is a ``MissingValue``, which fails the build naming the template, its
line and the attribute, where a lenient one would have blanked part of a page without a word;
anywhere else it is Jinja's plain ``Undefined``.
"""

from __future__ import annotations

import sys
from types import FrameType

from jinja2 import StrictUndefined, Undefined
from jinja2.exceptions import UndefinedError

#: Templates of ours: everything under theme/lekgotla/, and the theme's own main.html and feed.xml.
STRICT_TEMPLATES = ("lekgotla/", "main.html", "feed.xml")
#: How many frames up from the look-up to search for the template that made it.
_FRAMES = 12


class MissingValue(StrictUndefined):
    """A value one of our templates read and that does not exist: any use of it fails the build."""

    #: (template name, its debug info, line of its compiled code): the template's line is worked out when the
    #: value fails, not each time one is made (54,000 a national build, mostly tests such as ``is defined``).
    __slots__ = ("_lk_where",)
    _lk_where: tuple[str, str, int]  # set when the value is made

    def _fail_with_undefined_error(self, *args, **kwargs):
        try:
            super()._fail_with_undefined_error(*args, **kwargs)
        except UndefinedError as error:
            name, debug_info, code_line = self._lk_where
            raise UndefinedError(f"template {name}, line {_template_line(debug_info, code_line)}: "
                                 f"{error.message}") from None


# Jinja binds the failing function to each operator (__str__, __iter__, __bool__...) when it defines
# its classes, so each one is bound again here to the method that names the template.
for _name, _value in [*vars(Undefined).items(), *vars(StrictUndefined).items()]:
    if _value is Undefined._fail_with_undefined_error:
        setattr(MissingValue, _name, MissingValue._fail_with_undefined_error)


class TemplateUndefined(Undefined):
    """The environment's ``undefined``: a ``MissingValue`` in our templates, an ``Undefined`` elsewhere."""

    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        where = _strict_template()
        if where is None:
            return Undefined(*args, **kwargs)
        value = MissingValue(*args, **kwargs)
        value._lk_where = where
        return value


def _strict_template() -> tuple[str, str, int] | None:
    """The nearest template frame's template name, debug info and line, when the template is one of ours."""
    frame: FrameType | None = sys._getframe(2)
    for _ in range(_FRAMES):
        if frame is None:
            return None
        namespace = frame.f_globals
        name = namespace.get("name") if "debug_info" in namespace and "environment" in namespace else None
        if isinstance(name, str):
            if not name.startswith(STRICT_TEMPLATES):
                return None
            return name, namespace["debug_info"], frame.f_lineno
        frame = frame.f_back
    return None


def _template_line(debug_info: str, code_line: int) -> int:
    """The template's line for a line of its compiled code (Jinja's "template=code&..." pairs)."""
    line = 1
    for pair in debug_info.split("&"):
        template_line, _, compiled_line = pair.partition("=")
        if compiled_line and int(compiled_line) <= code_line:
            line = int(template_line)
    return line
