//! The errors a front end finds in its own conversions, before an operation runs: a Python or
//! JS value with no JSON form, an array of the wrong kind, shape or dtype, a request field a
//! typed-array entry point does not take. One enum, the single source of their messages in
//! Chinese and English (as [`renxing::ErrorCode`] is of the codes): a binding names the case and
//! its facts, and keeps only the choice of code and location.
//!
//! ```
//! use renxing_ops::front::FrontError;
//! let m = FrontError::CodesDtype { found: "<f8" }.msg();
//! assert!(m.en.starts_with("expected dtype uint8 (level codes), found <f8"));
//! assert!(m.zh.contains("uint8"));
//! ```

use renxing::Msg;

/// A front end's conversion error; [`FrontError::msg`] gives its message.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum FrontError<'a> {
    /// A value nested deeper than `max` levels (a container that contains itself?).
    TooDeep {
        /// The deepest nesting accepted.
        max: usize,
    },
    /// An integer beyond 64 bits.
    IntegerRange,
    /// A float that is NaN or infinite.
    NotFinite {
        /// The value.
        value: f64,
    },
    /// A string that is not valid UTF-8.
    BadUtf8,
    /// A dict key that is not a string.
    KeyNotString {
        /// The key's type.
        found: &'a str,
    },
    /// A value with no JSON form.
    NoJsonForm {
        /// Its type.
        found: &'a str,
    },
    /// A JS request that is not a plain JSON-like object.
    NotPlainObject {
        /// What the JSON conversion said.
        detail: &'a str,
    },
    /// A result that could not be converted for the front end.
    ResultConversion {
        /// What the conversion said.
        detail: &'a str,
    },
    /// A numpy masked array with masked cells.
    Masked,
    /// `score_batch`'s input is not a numpy array.
    BatchNotArray {
        /// The framework's dimensions (columns).
        dims: usize,
        /// The type given.
        found: &'a str,
    },
    /// `score_batch`'s input has the wrong shape.
    BatchShape {
        /// The framework's dimensions (columns).
        dims: usize,
        /// The framework's id.
        framework: &'a str,
        /// The shape given.
        shape: &'a [usize],
    },
    /// `score_batch`'s mask is not a bool array of the input's shape.
    BatchMask {
        /// The input's shape.
        shape: &'a [usize],
    },
    /// `score_batch`'s input has a dtype other than uint8 and float64.
    BatchDtype {
        /// The number of levels.
        k: usize,
        /// The dtype given.
        found: &'a str,
    },
    /// A level-code array entry point's input is not a numpy array.
    CodesNotArray {
        /// The framework's dimensions (columns).
        dims: usize,
        /// The type given.
        found: &'a str,
    },
    /// A level-code array has the wrong shape.
    CodesShape {
        /// The framework's dimensions (columns).
        dims: usize,
        /// The shape given.
        shape: &'a [usize],
    },
    /// A level-code array's dtype is not uint8.
    CodesDtype {
        /// The dtype given.
        found: &'a str,
    },
    /// A float64 matrix entry point's input is not a numpy array.
    MatrixNotArray {
        /// The axes, `(zh, en)`, e.g. `("单元, 指标", "units, indicators")`.
        axes: (&'a str, &'a str),
        /// The type given.
        found: &'a str,
    },
    /// A float64 matrix is not two-dimensional float64.
    MatrixDtype {
        /// The axes, `(zh, en)`.
        axes: (&'a str, &'a str),
        /// The shape given.
        shape: &'a [usize],
        /// The dtype given.
        found: &'a str,
    },
    /// A JS batch input that is not the typed array it must be.
    TypedArray {
        /// The request field (`codes`, `scores`).
        field: &'a str,
        /// The typed array wanted (`Uint8Array`, `Float64Array`).
        want: &'a str,
        /// The type given.
        found: &'a str,
    },
    /// A JS batch mask that is not a `Uint8Array`.
    MaskTypedArray {
        /// The type given.
        found: &'a str,
    },
    /// A JS batch `out` that is not an object of typed arrays.
    OutNotObject {
        /// The type given.
        found: &'a str,
    },
    /// A Python batch `out` that is not a dict of numpy arrays.
    OutNotDict {
        /// The type given.
        found: &'a str,
    },
    /// A batch `out` field that is not one of the five outputs.
    OutKey {
        /// The field.
        key: &'a str,
        /// The five outputs' names in the front end's spelling, comma-separated.
        fields: &'a str,
    },
    /// A Python batch `out` array of the wrong kind, shape or memory.
    OutNumpy {
        /// The output (`overall_score`, …).
        key: &'a str,
        /// The dtype wanted (`float64`, `uint8`, `uint16`).
        dtype: &'a str,
        /// The shape wanted.
        shape: &'a [usize],
        /// What was given.
        found: OutFound<'a>,
    },
    /// A JS batch `out` array of the wrong kind or length.
    OutArray {
        /// The output (`overallScore`, …).
        key: &'a str,
        /// The typed array wanted (`Float64Array`, …).
        want: &'a str,
        /// The length wanted (rows, or rows × attributes).
        len: usize,
        /// What was given.
        found: OutFound<'a>,
    },
    /// A batch `out` array that shares memory with the input or another output.
    OutOverlap {
        /// The output.
        key: &'a str,
    },
    /// A JS typed-array entry point's request with a field it does not take.
    ExtraField {
        /// The entry point.
        op: &'a str,
        /// The field.
        key: &'a str,
    },
    /// The JS `indicatorsArray` values are not a `Float64Array`.
    IndicatorValues {
        /// The type given.
        found: &'a str,
    },
}

/// A shape as numpy prints it: `(5,)`, `(7, 3)`.
#[must_use]
pub fn numpy_shape(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What a batch `out` array was instead of the one wanted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OutFound<'a> {
    /// Not an array of the wanted kind at all: its type (`Float32Array`, `list`, …).
    Type(&'a str),
    /// A JS typed array of the wanted kind and another length.
    Length {
        /// The typed array (`Float64Array`, …).
        kind: &'a str,
        /// Its length.
        len: usize,
    },
    /// A numpy array of another dtype or shape.
    Array {
        /// Its dtype (`float32`, …).
        dtype: &'a str,
        /// Its shape.
        shape: &'a [usize],
    },
    /// A numpy array that is not C-contiguous.
    NotContiguous,
    /// A numpy array that is not writeable.
    ReadOnly,
}

impl OutFound<'_> {
    /// The description, `(zh, en)`; the Chinese one starts with a space where it starts with
    /// a Latin word.
    fn text(self) -> (String, String) {
        match self {
            OutFound::Type(t) => (format!(" {t}"), t.to_owned()),
            OutFound::Length { kind, len } => (
                format!("长度为 {len} 的 {kind}"),
                format!("a {kind} of {len} values"),
            ),
            OutFound::Array { dtype, shape } => {
                let shape = numpy_shape(shape);
                (
                    format!("dtype 为 {dtype}、形状为 {shape} 的 numpy.ndarray"),
                    format!("a numpy.ndarray of dtype {dtype} and shape {shape}"),
                )
            }
            OutFound::NotContiguous => (
                "非 C 连续的 numpy.ndarray".to_owned(),
                "a numpy.ndarray that is not C-contiguous".to_owned(),
            ),
            OutFound::ReadOnly => (
                "只读的 numpy.ndarray".to_owned(),
                "a read-only numpy.ndarray".to_owned(),
            ),
        }
    }
}

impl FrontError<'_> {
    /// The message, in Chinese and English.
    #[must_use]
    pub fn msg(&self) -> Msg {
        let (zh, en) = match *self {
            FrontError::TooDeep { max } => (
                format!("嵌套超过 {max} 层(容器包含自身?)"),
                format!("nesting deeper than {max} levels (a container that contains itself?)"),
            ),
            FrontError::IntegerRange => (
                "整数超出 64 位范围".to_owned(),
                "integer does not fit in 64 bits".to_owned(),
            ),
            FrontError::NotFinite { value } => (
                format!("{value} 不是有限数"),
                format!("{value} is not a finite number"),
            ),
            FrontError::BadUtf8 => (
                "字符串不是有效的 UTF-8".to_owned(),
                "string is not valid UTF-8".to_owned(),
            ),
            FrontError::KeyNotString { found } => (
                format!("键必须是字符串,实际为 {found}"),
                format!("keys must be strings, found {found}"),
            ),
            FrontError::NoJsonForm { found } => (
                format!("{found} 没有 JSON 形式;请用 None、bool、int、float、str、list 或 dict"),
                format!("a {found} has no JSON form; use None, bool, int, float, str, list or dict"),
            ),
            FrontError::NotPlainObject { detail } => (
                format!("请求必须是普通的 JSON 对象:{detail}"),
                format!("a request must be a plain JSON-like object: {detail}"),
            ),
            FrontError::ResultConversion { detail } => (
                format!("无法转换结果:{detail}"),
                format!("could not convert the result: {detail}"),
            ),
            FrontError::Masked => (
                "数组含有被屏蔽(masked)的单元:被屏蔽的单元没有评分;请先填充(.filled(...))或删去这些行".to_owned(),
                "the array has masked cells, which hold no rating; fill them (.filled(...)) or drop those rows first".to_owned(),
            ),
            FrontError::BatchNotArray { dims, found } => (
                format!("需要形状为 (N, {dims}) 的 numpy.ndarray,实际为 {found}"),
                format!("expected a numpy.ndarray of shape (N, {dims}), found {found}"),
            ),
            FrontError::BatchShape { dims, framework, shape } => (
                format!("需要形状为 (N, {dims}) 的数组(框架 {framework:?} 每个维度一列),实际形状为 {shape:?}"),
                format!("expected an array of shape (N, {dims}) (one column per dimension of {framework:?}), found shape {shape:?}"),
            ),
            FrontError::BatchMask { shape } => (
                format!("mask 必须是形状为 {shape:?} 的 numpy.ndarray(dtype bool,False = 未评)"),
                format!("mask must be a numpy.ndarray of shape {shape:?} and dtype bool (False = not rated)"),
            ),
            FrontError::BatchDtype { k, found } => (
                format!("需要 dtype uint8(等级代码 1..={k})或 float64(得分 0..=100),实际为 {found};请用 .astype(numpy.uint8) 或 .astype(numpy.float64) 转换"),
                format!("expected dtype uint8 (level codes 1..={k}) or float64 (scores 0..=100), found {found}; convert with .astype(numpy.uint8) or .astype(numpy.float64)"),
            ),
            FrontError::CodesNotArray { dims, found } => (
                format!("需要形状为 (N, {dims}) 的 numpy.ndarray(dtype uint8),实际为 {found}"),
                format!("expected a numpy.ndarray of shape (N, {dims}) and dtype uint8, found {found}"),
            ),
            FrontError::CodesShape { dims, shape } => (
                format!("需要形状为 (N, {dims}) 的数组(每个维度一列),实际形状为 {shape:?}"),
                format!("expected an array of shape (N, {dims}) (one column per dimension), found shape {shape:?}"),
            ),
            FrontError::CodesDtype { found } => (
                format!("需要 dtype uint8(等级代码),实际为 {found};请用 .astype(numpy.uint8) 转换"),
                format!("expected dtype uint8 (level codes), found {found}; convert with .astype(numpy.uint8)"),
            ),
            FrontError::MatrixNotArray { axes, found } => (
                format!("需要形状为 ({}) 的 numpy.ndarray,实际为 {found}", axes.0),
                format!("expected a numpy.ndarray of shape ({}), found {found}", axes.1),
            ),
            FrontError::MatrixDtype { axes, shape, found } => {
                let (zh_axes, en_axes) = (axes.0.replace(", ", " × "), axes.1.replace(", ", " × "));
                (
                    format!("需要 float64 二维数组({zh_axes},缺失为 NaN),实际形状 {shape:?}、dtype {found};请用 .astype(numpy.float64)"),
                    format!("expected a 2-D float64 array ({en_axes}, NaN = missing), found shape {shape:?}, dtype {found}; convert with .astype(numpy.float64)"),
                )
            }
            FrontError::TypedArray { field, want, found } => (
                format!("{field} 必须是 {want},实际是 {found}"),
                format!("{field} must be a {want}, found {found}"),
            ),
            FrontError::MaskTypedArray { found } => (
                format!("mask 必须是 Uint8Array(每格一字节,0 = 未评),实际是 {found}"),
                format!("mask must be a Uint8Array (one byte per cell, 0 = not rated), found {found}"),
            ),
            FrontError::OutNotObject { found } => (
                format!("out 必须是由类型化数组组成的对象(overallScore、overallLevel、attributeScore、attributeLevel、rated 中的任意几个),实际是 {found}"),
                format!("out must be an object of typed arrays (any of overallScore, overallLevel, attributeScore, attributeLevel, rated), found {found}"),
            ),
            FrontError::OutNotDict { found } => (
                format!("out 必须是由 numpy 数组组成的 dict(overall_score、overall_level、attribute_score、attribute_level、rated 中的任意几个),实际是 {found}"),
                format!("out must be a dict of numpy arrays (any of overall_score, overall_level, attribute_score, attribute_level, rated), found {found}"),
            ),
            FrontError::OutKey { key, fields } => (
                format!("out 没有字段 {key};可用字段:{fields}"),
                format!("out has no field {key}; its fields are {fields}"),
            ),
            FrontError::OutNumpy { key, dtype, shape, found } => {
                let shape = numpy_shape(shape);
                let (zh, en) = found.text();
                (
                    format!("out['{key}'] 必须是可写、C 连续、dtype 为 {dtype}、形状为 {shape} 的 numpy.ndarray,实际是{zh}"),
                    format!("out['{key}'] must be a writeable, C-contiguous numpy.ndarray of dtype {dtype} and shape {shape}, found {en}"),
                )
            }
            FrontError::OutArray { key, want, len, found } => {
                let (zh, en) = found.text();
                (
                    format!("out.{key} 必须是长度为 {len} 的 {want},实际是{zh}"),
                    format!("out.{key} must be a {want} of {len} values, found {en}"),
                )
            }
            FrontError::OutOverlap { key } => (
                format!("out 中的 {key} 与输入或另一个输出共用内存;请为每个输出提供独立的数组"),
                format!("out's {key} shares memory with the input or another output; give each output an array of its own"),
            ),
            FrontError::ExtraField { op, key } => (
                format!("{op} 的请求只能包含 options(以及未持有框架时的 framework),不能有 {key}"),
                format!("{op} takes only options (and framework, unless one is held), not {key}"),
            ),
            FrontError::IndicatorValues { found } => (
                format!("values 必须是 Float64Array(单元 × 指标,按行),实际是 {found}"),
                format!("values must be a Float64Array (units × indicators, row-major), found {found}"),
            ),
        };
        Msg::new(zh, en)
    }
}

#[cfg(test)]
mod tests {
    use super::{FrontError, OutFound};

    /// Every message names its facts in both languages.
    #[test]
    fn messages_name_their_facts() {
        let shape = [3usize, 7];
        let cases = [
            (FrontError::TooDeep { max: 128 }, "128"),
            (
                FrontError::NotFinite {
                    value: f64::INFINITY,
                },
                "inf",
            ),
            (FrontError::KeyNotString { found: "int" }, "int"),
            (FrontError::NoJsonForm { found: "set" }, "set"),
            (FrontError::NotPlainObject { detail: "cycle" }, "cycle"),
            (FrontError::ResultConversion { detail: "boom" }, "boom"),
            (
                FrontError::BatchNotArray {
                    dims: 8,
                    found: "list",
                },
                "list",
            ),
            (
                FrontError::BatchShape {
                    dims: 8,
                    framework: "paper",
                    shape: &shape,
                },
                "[3, 7]",
            ),
            (FrontError::BatchMask { shape: &shape }, "[3, 7]"),
            (FrontError::BatchDtype { k: 3, found: "<i8" }, "<i8"),
            (
                FrontError::CodesNotArray {
                    dims: 8,
                    found: "list",
                },
                "list",
            ),
            (
                FrontError::CodesShape {
                    dims: 8,
                    shape: &shape,
                },
                "[3, 7]",
            ),
            (FrontError::CodesDtype { found: "<f8" }, "<f8"),
            (
                FrontError::MatrixNotArray {
                    axes: ("单元, 指标", "units, indicators"),
                    found: "list",
                },
                "list",
            ),
            (
                FrontError::MatrixDtype {
                    axes: ("单元, 指标", "units, indicators"),
                    shape: &shape,
                    found: "<i8",
                },
                "<i8",
            ),
            (
                FrontError::TypedArray {
                    field: "codes",
                    want: "Uint8Array",
                    found: "Array",
                },
                "Array",
            ),
            (FrontError::MaskTypedArray { found: "Array" }, "Array"),
            (
                FrontError::ExtraField {
                    op: "scoreCodes",
                    key: "codes",
                },
                "codes",
            ),
            (FrontError::IndicatorValues { found: "Array" }, "Array"),
            (FrontError::OutNotObject { found: "number" }, "number"),
            (
                FrontError::OutKey {
                    key: "levels",
                    fields: "overallScore, rated",
                },
                "levels",
            ),
            (FrontError::OutNotDict { found: "list" }, "list"),
            (
                FrontError::OutNumpy {
                    key: "attribute_score",
                    dtype: "float64",
                    shape: &[7, 3],
                    found: OutFound::Array {
                        dtype: "float32",
                        shape: &[7, 2],
                    },
                },
                "(7, 2)",
            ),
            (
                FrontError::OutArray {
                    key: "rated",
                    want: "Uint16Array",
                    len: 4096,
                    found: OutFound::Length {
                        kind: "Uint16Array",
                        len: 99,
                    },
                },
                "99",
            ),
            (
                FrontError::OutArray {
                    key: "rated",
                    want: "Uint16Array",
                    len: 4096,
                    found: OutFound::Type("Uint8Array"),
                },
                "4096",
            ),
            (
                FrontError::OutNumpy {
                    key: "rated",
                    dtype: "uint16",
                    shape: &[3],
                    found: OutFound::ReadOnly,
                },
                "rated",
            ),
            (
                FrontError::OutNumpy {
                    key: "rated",
                    dtype: "uint16",
                    shape: &[3],
                    found: OutFound::NotContiguous,
                },
                "C",
            ),
            (FrontError::OutOverlap { key: "rated" }, "rated"),
        ];
        for (e, fact) in cases {
            let m = e.msg();
            assert!(m.zh.contains(fact) && m.en.contains(fact), "{e:?}: {m:?}");
            assert_ne!(m.zh, m.en, "{e:?}");
        }
        let m = FrontError::MatrixDtype {
            axes: ("单元, 指标", "units, indicators"),
            shape: &shape,
            found: "<i8",
        }
        .msg();
        assert!(
            m.en.contains("(units × indicators, NaN = missing)"),
            "{m:?}"
        );
        assert!(m.zh.contains("(单元 × 指标,缺失为 NaN)"), "{m:?}");
    }
}
