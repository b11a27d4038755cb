"""renxing (韧性): assess how resilient a community's governance is in an emergency, and say
what to fix.

The framework is Peng & Tan (2022), "基于多案例比较的'三社联动'社区韧性分析与优化": three
attributes (robustness, redundancy, connectivity), eight dimensions, three levels, three
governance modes, the reference cases of 表1 and the remedies of five source papers. Custom
frameworks (JSON or TOML) work with every function.

Every function is an operation of the Rust core (generated from its registry: same name,
keyword arguments = the request's fields, result = the response as dicts typed by
``renxing._types``). Errors are :class:`RenxingError` subclasses, messages in the module
language (:func:`set_lang`).

>>> import renxing
>>> card = renxing.score(renxing.case("b"))
>>> card["columns"][0]["key"], card["columns"][0]["grade"]["level"]
('robustness', 'medium')
"""

from __future__ import annotations

from ._renxing import score_batch  # the numpy path of the operation: bound first, it wins
from . import _ops as ops
from . import _renxing
from ._assessment import Assessment
from ._figures import Figure, figure
from ._vocab import Attribute, Dimension, Level, Mode, Phase
from ._ops import *  # type: ignore[assignment]  # noqa: F403  (one function per operation)
from ._pandas import comparison_dataframe, from_dataframe, read_csv, to_dataframe
from ._agree import AgreementFrames, agree_dataframe
from ._cycle import TimelineFrames, analyse_curve, curve_series, timeline_frames
from ._qca import (
    QcaFrames,
    models_dataframe,
    qca_dataframe,
    qca_table,
    solutions_dataframe,
    truth_table_dataframe,
)
from ._qca import frames as qca_frames
from ._uncertainty import pairwise_dataframe, rank_dataframe, raw_runs, sobol_dataframe
from ._indicators import IndicatorFrames, indicator_data, indicator_frames
from ._summary import SummaryFrames, summary_frames
from ._renxing import (
    AgreementError,
    AssessmentError,
    BatchError,
    ChartError,
    CompareError,
    CurveError,
    FileError,
    Framework,
    FrameworkError,
    FrameworkMismatchError,
    Held,
    IndicatorError,
    OptionsError,
    Prepared,
    QcaError,
    RenxingError,
    RequestError,
    ScoreError,
    TableError,
    TimelineError,
    UncertaintyError,
    LimitError,
    ExportError,
    UnknownIdError,
    agreement_matrix,
    call,
    diagnosis_summary_array,
    indicators_array,
    get_lang,
    set_lang,
)
from ._renxing import score_batch  # noqa: F811  (the numpy path again, after the star import)

case = reference_case  # noqa: F405

__version__: str = _renxing.__version__
PAPER_FRAMEWORK_ID: str = version()["paper_framework"]  # noqa: F405
SCHEMA_VERSION: int = version()["schema_version"]  # noqa: F405
METHODS: list[str] = [m["id"] for m in vocabulary()["methods"]]  # noqa: F405

__all__ = [
    "QcaFrames",
    "models_dataframe",
    "qca_dataframe",
    "qca_frames",
    "qca_table",
    "solutions_dataframe",
    "truth_table_dataframe",
    "IndicatorFrames",
    "indicator_data",
    "indicator_frames",
    "pairwise_dataframe",
    "rank_dataframe",
    "raw_runs",
    "sobol_dataframe",
    "METHODS",
    "PAPER_FRAMEWORK_ID",
    "SCHEMA_VERSION",
    "AgreementError",
    "AgreementFrames",
    "Held",
    "Prepared",
    "Assessment",
    "Attribute",
    "Dimension",
    "Level",
    "Mode",
    "Phase",
    "AssessmentError",
    "BatchError",
    "ChartError",
    "CompareError",
    "CurveError",
    "FileError",
    "Framework",
    "FrameworkError",
    "FrameworkMismatchError",
    "IndicatorError",
    "OptionsError",
    "QcaError",
    "RenxingError",
    "RequestError",
    "ScoreError",
    "TableError",
    "TimelineFrames",
    "TimelineError",
    "UncertaintyError",
    "LimitError",
    "ExportError",
    "Figure",
    "figure",
    "UnknownIdError",
    "__version__",
    "agree_dataframe",
    "agreement_matrix",
    "diagnosis_summary_array",
    "SummaryFrames",
    "summary_frames",
    "indicators_array",
    "analyse_curve",
    "curve_series",
    "timeline_frames",
    "call",
    "case",
    "comparison_dataframe",
    "from_dataframe",
    "get_lang",
    "ops",
    "read_csv",
    "set_lang",
    "to_dataframe",
]
__all__ += ops.__all__
