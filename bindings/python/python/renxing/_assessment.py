"""``Assessment``: the file form of an assessment (a dict), validated, shown in Jupyter as its
report. Every check and every rendering is an operation of the core."""

from __future__ import annotations

import os
import pathlib
from typing import TYPE_CHECKING, Any, Mapping, Union, cast

from . import _ops
from ._renxing import Framework, read_text

if TYPE_CHECKING:  # pragma: no cover
    from ._types import Assessment as AssessmentDict
    from ._types import FrameworkArg

    FrameworkLike = Union[FrameworkArg, Framework]


class Assessment(dict[str, Any]):
    """An assessment in the file form: a ``dict`` (pass it anywhere an assessment is expected),
    validated against its framework when made, remembering that framework, and shown in Jupyter
    as its HTML report (the ``report`` operation, in the module language).

    >>> import renxing
    >>> a = renxing.Assessment(renxing.case("b"))
    >>> a["ratings"]["needs_met"]["level"], a._repr_html_().startswith("<!DOCTYPE html>")
    ('high', True)
    """

    framework: FrameworkLike | None

    def __init__(self, data: Mapping[str, Any], *, framework: FrameworkLike | None = None) -> None:
        checked = _ops.validate_assessment(cast("AssessmentDict", dict(data)), framework=framework)
        super().__init__(checked)
        self.framework = framework

    @classmethod
    def new(cls, id: str, name: str, *, framework: FrameworkLike | None = None) -> Assessment:
        """A new assessment with every dimension explicitly not rated (``new_assessment``)."""
        return cls(_ops.new_assessment(id, name, framework=framework), framework=framework)

    @classmethod
    def from_json(cls, text: str, *, framework: FrameworkLike | None = None) -> Assessment:
        """Reads an assessment file's text (``parse_assessment``: every problem at once)."""
        return cls(_ops.parse_assessment(text, framework=framework), framework=framework)

    @classmethod
    def from_file(
        cls, path: str | os.PathLike[str], *, framework: FrameworkLike | None = None
    ) -> Assessment:
        """Reads an assessment file (UTF-8 JSON); :class:`FileError` if it cannot be read or is
        not UTF-8."""
        return cls.from_json(read_text(path), framework=framework)

    @classmethod
    def _checked(cls, data: Mapping[str, Any], framework: FrameworkLike | None) -> Assessment:
        """An assessment the core has just validated (no second validation)."""
        a = cls.__new__(cls)
        dict.__init__(a, data)
        a.framework = framework
        return a

    def to_json(self) -> str:
        """The file's text: pretty JSON, validated (``format_assessment``)."""
        return _ops.format_assessment(self.data, framework=self.framework)["text"]

    def to_file(self, path: str | os.PathLike[str]) -> None:
        """Writes the file (UTF-8, not escaped)."""
        pathlib.Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    @property
    def data(self) -> AssessmentDict:
        """This assessment typed as the generated ``Assessment`` TypedDict."""
        return cast("AssessmentDict", self)

    def _repr_html_(self) -> str:
        return _ops.report(self.data, framework=self.framework)["text"]
