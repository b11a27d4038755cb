"""renxing (韧性): assess how resilient a community's governance is in an emergency, and say
what to fix.

The framework is Peng & Tan (2022), "基于多案例比较的'三社联动'社区韧性分析与优化": three
attributes (robustness, redundancy, connectivity), eight dimensions, three levels, three
governance modes, the reference cases of 表1 and the remedies of five source papers. Custom
frameworks (JSON or TOML) work with every function.

Everything is computed by the Rust core library; this package converts Python values, calls it
and maps its errors to :class:`RenxingError` subclasses.

>>> import renxing
>>> b = renxing.case("b")
>>> renxing.score(b).columns["robustness"]
'medium'
"""

from __future__ import annotations

from . import _ops as ops
from . import _renxing
from ._pandas import from_dataframe, read_csv, to_dataframe
from ._renxing import (
    METHODS,
    PAPER_FRAMEWORK_ID,
    SCHEMA_VERSION,
    Assessment,
    AssessmentError,
    Attribute,
    BatchError,
    BatchResult,
    Chart,
    ChartError,
    CompareError,
    Comparison,
    Diagnosis,
    Dimension,
    Framework,
    FrameworkError,
    FrameworkMismatchError,
    Level,
    Mode,
    OptionsError,
    Phase,
    RenxingError,
    RequestError,
    AgreementError,
    IndicatorError,
    CurveError,
    TimelineError,
    ScoreError,
    Scorecard,
    UnknownIdError,
    assessment_schema,
    case,
    cases,
    compare,
    diagnose,
    get_lang,
    modes_table,
    radar,
    rate,
    score,
    score_batch,
    set_lang,
    table_1,
    ui_words,
)

__version__: str = _renxing.__version__

__all__ = [
    "METHODS",
    "PAPER_FRAMEWORK_ID",
    "SCHEMA_VERSION",
    "Assessment",
    "AssessmentError",
    "Attribute",
    "BatchError",
    "BatchResult",
    "Chart",
    "ChartError",
    "CompareError",
    "Comparison",
    "Diagnosis",
    "Dimension",
    "Framework",
    "FrameworkError",
    "FrameworkMismatchError",
    "Level",
    "Mode",
    "OptionsError",
    "Phase",
    "RenxingError",
    "RequestError",
    "AgreementError",
    "IndicatorError",
    "CurveError",
    "TimelineError",
    "ScoreError",
    "Scorecard",
    "UnknownIdError",
    "__version__",
    "assessment_schema",
    "case",
    "cases",
    "compare",
    "diagnose",
    "from_dataframe",
    "get_lang",
    "modes_table",
    "ops",
    "radar",
    "rate",
    "read_csv",
    "score",
    "score_batch",
    "set_lang",
    "table_1",
    "to_dataframe",
    "ui_words",
]
