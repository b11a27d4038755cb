"""``Figure``: a chart or report remembered as the operation and arguments that make it, shown
in Jupyter and saved in the format its file name asks for (the core's ``export`` operation:
``.svg``/``.png``/``.pdf`` for charts; ``.html``/``.md``/``.pdf``/``.png`` for reports; any
other extension raises :class:`ExportError` before anything is written). This module only
converts: base64 → bytes, and writes the files."""

from __future__ import annotations

import base64
import os
import pathlib
from typing import TYPE_CHECKING, Any, Mapping

from . import _ops

if TYPE_CHECKING:  # pragma: no cover
    from ._types import ExportFormat, ExportResponse


class Figure:
    """A chart (``radar_chart``, ``attribute_bars``, ``comparison_table``,
    ``small_multiples``) or report (``report``, ``comparison_report``) made by an operation.

    >>> import renxing
    >>> fig = renxing.figure("attribute_bars", assessment=renxing.case("b"))
    >>> fig.svg.startswith("<svg")
    True
    >>> fig.to_bytes("png")[:4]
    b'\\x89PNG'
    """

    operation: str
    arguments: dict[str, Any]

    def __init__(self, operation: str, arguments: Mapping[str, Any]) -> None:
        self.operation = operation
        self.arguments = {k: v for k, v in arguments.items() if v is not None}

    def _export(
        self,
        *,
        file_name: str | None = None,
        format: ExportFormat | None = None,
        scale: float | None = None,
    ) -> ExportResponse:
        args = dict(self.arguments)
        framework = args.pop("framework", None)  # a Framework object is passed at the top
        return _ops.export(
            self.operation,
            arguments=args,
            file_name=file_name,
            format=format,
            scale=scale,
            framework=framework,
        )

    @staticmethod
    def _content(out: ExportResponse) -> bytes:
        b64 = out.get("base64")
        if b64 is not None:
            return base64.b64decode(b64, validate=True)
        return (out.get("text") or "").encode("utf-8")

    def to_bytes(self, format: ExportFormat, *, scale: float | None = None) -> bytes:
        """The figure in a format (``"svg"``, ``"png"``, ``"pdf"``, ``"html"``,
        ``"markdown"``) as bytes; PNG at ``scale`` pixels per unit (default 2)."""
        return self._content(self._export(format=format, scale=scale))

    @property
    def svg(self) -> str:
        """The chart's SVG text (charts only)."""
        return self._export(format="svg").get("text") or ""

    def save(self, path: str | os.PathLike[str], *, scale: float | None = None) -> pathlib.Path:
        """Writes the figure in the format the file name's extension asks for and returns the
        path; a Markdown report's charts are written beside it. Raises :class:`ExportError`
        (nothing written) for an extension the figure cannot be written in."""
        target = pathlib.Path(path)
        out = self._export(file_name=target.name, scale=scale)
        content = self._content(out)
        if target.parent != pathlib.Path(""):
            target.parent.mkdir(parents=True, exist_ok=True)
        for f in out["files"]:
            (target.parent / f["name"]).write_text(f["svg"], encoding="utf-8")
        target.write_bytes(content)
        return target

    def _repr_svg_(self) -> str | None:
        if self.operation in ("report", "comparison_report"):
            return None
        return self.svg

    def _repr_html_(self) -> str | None:
        if self.operation not in ("report", "comparison_report"):
            return None
        return self._export(format="html").get("text") or ""

    def __repr__(self) -> str:
        return f"Figure({self.operation!r})"


def figure(operation: str, **arguments: Any) -> Figure:
    """A :class:`Figure` of a chart or report operation with its arguments (the operation's
    keyword arguments: ``assessments=…``, ``chart={"lang": "zh"}``, ``framework=…``)."""
    return Figure(operation, arguments)
