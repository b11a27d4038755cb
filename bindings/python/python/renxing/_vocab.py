"""The vocabularies as classes with ``from_label`` (an id from its id or a label in any
language: 高, High, 满足需求, 政府主导型) and ``label`` (an id's label). Both are the core's
``from_label`` and ``label_of`` operations; an unknown name raises :class:`UnknownIdError`,
never comes back as it went in."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Union

from . import _ops

if TYPE_CHECKING:  # pragma: no cover
    from ._renxing import Framework
    from ._types import FrameworkArg, Lang, Vocab

    FrameworkLike = Union[FrameworkArg, Framework]


class _Vocabulary:
    kind: ClassVar[Vocab]

    @classmethod
    def from_label(cls, label: str, *, framework: FrameworkLike | None = None) -> str:
        """The id that ``label`` (an id, or a label in any language) names."""
        return _ops.from_label(cls.kind, label, framework=framework)["id"]

    @classmethod
    def label(
        cls, id: str, *, lang: Lang | None = None, framework: FrameworkLike | None = None
    ) -> str:
        """The label of an id in ``lang`` (default: the module language)."""
        out = _ops.label_of(id, lang=lang, framework=framework)
        if out["kind"] != cls.kind:
            # an id of another vocabulary: looked up again in this one, which raises
            _ops.from_label(cls.kind, id, framework=framework)
        return out["label"]


class Level(_Vocabulary):
    """Levels: ``Level.from_label("高") == "high"``."""

    kind: ClassVar[Vocab] = "level"


class Attribute(_Vocabulary):
    """Attributes: ``Attribute.from_label("稳健性") == "robustness"``."""

    kind: ClassVar[Vocab] = "attribute"


class Dimension(_Vocabulary):
    """Dimensions: ``Dimension.from_label("满足需求") == "needs_met"``."""

    kind: ClassVar[Vocab] = "dimension"


class Mode(_Vocabulary):
    """Governance modes: ``Mode.from_label("政府主导型") == "government_led"``."""

    kind: ClassVar[Vocab] = "mode"


class Phase(_Vocabulary):
    """Phases of an emergency."""

    kind: ClassVar[Vocab] = "phase"
