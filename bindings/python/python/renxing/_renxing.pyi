"""Type stubs of the native module ``renxing._renxing`` (checked by ``mypy.stubtest``): only the
few hand-written native items. Requests and responses are typed in ``renxing._types`` (generated
from the operation registry)."""

import os
from typing import Any, Final, Generic, Sequence, TypedDict, TypeVar, Union, final

import numpy as np
import numpy.typing as npt

from ._types import Framework as _FrameworkDict
from ._types import FrameworkArg as _FrameworkArg
from ._types import Agreement as _Agreement
from ._types import AgreementSpec as _AgreementSpec
from ._types import Scale as _Scale
from ._types import ScoreOptions as _ScoreOptions
from ._types import Hierarchy as _Hierarchy
from ._types import IndicatorMeta as _IndicatorMeta
from ._types import Pipeline as _Pipeline
from ._types import DiagnosisSummary as _DiagnosisSummary
from ._types import SummaryPartial as _SummaryPartial
from ._types import Phase as _Phase

__all__ = [
    "AgreementError",
    "AssessmentError",
    "BatchError",
    "ChartError",
    "CompareError",
    "CurveError",
    "FileError",
    "Framework",
    "FrameworkError",
    "Held",
    "Prepared",
    "FrameworkMismatchError",
    "IndicatorError",
    "OptionsError",
    "QcaError",
    "RenxingError",
    "RequestError",
    "ScoreError",
    "TableError",
    "TimelineError",
    "UncertaintyError",
    "LimitError",
    "indicators_partition_array",
    "indicators_finish_array",
    "ExportError",
    "UnknownIdError",
    "agreement_matrix",
    "agreement_partial_matrix",
    "uncertainty_header_array",
    "uncertainty_slabs_array",
    "uncertainty_slab_units_array",
    "diagnosis_summary_array",
    "diagnosis_summary_partial_array",
    "call",
    "indicators_array",
    "get_lang",
    "read_text",
    "score_batch",
    "set_lang",
    "__version__",
]

__version__: Final[str]

_PathSeg = Union[str, int]

class _Issue(TypedDict):
    path: list[_PathSeg]
    code: str
    message: str

# ---- errors: made at import from renxing::ErrorKind::ALL (names, parents, docs) -------------

class RenxingError(ValueError):
    code: str
    path: list[_PathSeg] | None
    issues: Sequence[_Issue]

class UnknownIdError(RenxingError): ...
class FrameworkError(RenxingError): ...
class AssessmentError(RenxingError): ...
class ScoreError(RenxingError): ...
class OptionsError(ScoreError): ...
class FrameworkMismatchError(ScoreError): ...
class BatchError(RenxingError): ...
class CompareError(RenxingError): ...
class ChartError(RenxingError): ...
class TableError(RenxingError): ...
class RequestError(RenxingError): ...
class FileError(RenxingError): ...
class AgreementError(RenxingError): ...
class IndicatorError(RenxingError): ...
class CurveError(RenxingError): ...
class TimelineError(RenxingError): ...
class QcaError(RenxingError): ...
class UncertaintyError(RenxingError): ...
class LimitError(RenxingError): ...
class ExportError(RenxingError): ...

# ---- a framework held compiled ------------------------------------------------------------

@final
class Framework:
    def __new__(cls, framework: _FrameworkArg) -> Framework: ...
    @staticmethod
    def paper() -> Framework: ...
    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> Framework: ...
    @property
    def id(self) -> str: ...
    def to_dict(self) -> _FrameworkDict: ...
    def label(self, id: str, lang: str | None = None) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...

# ---- held requests and lazy results (renxing.prepare) ----------------------------------------

_R = TypeVar("_R")

@final
class Prepared(Generic[_R]):
    def __new__(cls, op: str, request: dict[str, Any] | None = None) -> Prepared[Any]: ...
    @property
    def op(self) -> str: ...
    def run(self) -> Held[_R]: ...
    def __call__(self, *args: Any, **kwargs: Any) -> Held[_R]: ...  # takes none: runs the request
    def __class_getitem__(cls, _item: Any) -> Any: ...

@final
class Held(Generic[_R]):
    @property
    def op(self) -> str: ...
    def to_dict(self) -> _R: ...
    def keys(self) -> list[str]: ...
    def __getitem__(self, name: str, /) -> Any: ...
    # `held.field` works too (a native __getattr__ slot, which stubtest cannot see, so it is not
    # declared here): `held["field"]` is the typed spelling.
    def __contains__(self, name: str, /) -> bool: ...
    def __class_getitem__(cls, _item: Any) -> Any: ...

# ---- functions ----------------------------------------------------------------------------

def call(op: str, request: dict[str, Any] | None = None) -> Any: ...
def set_lang(lang: str) -> None: ...
def get_lang() -> str: ...
def read_text(path: str | os.PathLike[str]) -> str: ...

class _BatchArrays(TypedDict):
    rows: int
    attributes: list[str]
    levels: list[str]
    overall_score: npt.NDArray[np.float64]
    overall_level: npt.NDArray[np.uint8]
    attribute_score: npt.NDArray[np.float64]
    attribute_level: npt.NDArray[np.uint8]
    rated: npt.NDArray[np.uint16]
    total: int

class _BatchOut(TypedDict, total=False):
    overall_score: npt.NDArray[np.float64]
    overall_level: npt.NDArray[np.uint8]
    attribute_score: npt.NDArray[np.float64]
    attribute_level: npt.NDArray[np.uint8]
    rated: npt.NDArray[np.uint16]

class _MatrixAgreement(TypedDict):
    overall: _Agreement
    groups: list[_Agreement]
    spec: _AgreementSpec

def agreement_matrix(
    array: npt.NDArray[np.float64],
    *,
    scale: _Scale | None = None,
    options: _AgreementSpec | None = None,
    framework: _FrameworkArg | Framework | None = None,
) -> _MatrixAgreement: ...

def agreement_partial_matrix(
    array: npt.NDArray[np.float64],
    *,
    scale: _Scale | None = None,
    by_group: bool = False,
    groups: Sequence[str | None] | None = None,
    framework: _FrameworkArg | Framework | None = None,
) -> dict[str, Any]: ...

def uncertainty_header_array(
    array: npt.NDArray[np.float64], request: dict[str, Any]
) -> dict[str, Any]: ...
def uncertainty_slabs_array(
    array: npt.NDArray[np.float64], request: dict[str, Any]
) -> list[dict[str, Any]]: ...
def uncertainty_slab_units_array(
    header: dict[str, Any],
    uncertainty: dict[str, Any],
    slabs: Sequence[dict[str, Any]],
    start: int,
    end: int,
) -> dict[str, Any]: ...

def indicators_array(
    array: npt.NDArray[np.float64],
    pipeline: _Pipeline,
    *,
    indicators: Sequence[_IndicatorMeta],
    hierarchy: _Hierarchy | None = None,
    units: Sequence[str] | None = None,
    unit_groups: dict[str, Sequence[str]] | None = None,
) -> dict[str, Any]: ...

def indicators_partition_array(
    array: npt.NDArray[np.float64],
    request: dict[str, Any],
    *,
    stage: int | None = None,
) -> dict[str, Any]: ...

def indicators_finish_array(
    request: dict[str, Any],
    *,
    units: Sequence[str],
    dimensions: Sequence[str] = ...,
    attributes: Sequence[str] = ...,
    overall: npt.NDArray[np.float64] | None = None,
    dimension_values: npt.NDArray[np.float64] | None = None,
    attribute_values: npt.NDArray[np.float64] | None = None,
    closeness: npt.NDArray[np.float64] | None = None,
) -> dict[str, Any]: ...

def score_batch(
    array: npt.NDArray[np.uint8] | npt.NDArray[np.float64],
    *,
    options: _ScoreOptions | None = None,
    framework: _FrameworkArg | Framework | None = None,
    unrated: bool = False,
    mask: npt.NDArray[np.bool_] | None = None,
    out: _BatchOut | None = None,
) -> _BatchArrays: ...

def diagnosis_summary_array(
    array: npt.NDArray[np.uint8],
    *,
    options: _ScoreOptions | None = None,
    framework: _FrameworkArg | Framework | None = None,
    phase: _Phase | None = None,
    top_k: int | None = None,
    unrated: bool = False,
) -> _DiagnosisSummary: ...
def diagnosis_summary_partial_array(
    array: npt.NDArray[np.uint8],
    *,
    options: _ScoreOptions | None = None,
    framework: _FrameworkArg | Framework | None = None,
    phase: _Phase | None = None,
    top_k: int | None = None,
    unrated: bool = False,
) -> _SummaryPartial: ...
