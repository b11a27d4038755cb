//! Ids from labels and labels from ids (strict: unknown names raise `unknown_id`, never echo).
//! The lookup is the core's ([`renxing::table::id_of`], [`renxing::table::label_of`]).

use renxing::table::{self, Vocab};
use renxing::{Error, Lang};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::args::{self, FrameworkArg};
use crate::{Ctx, Operation};

/// A name to look up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FromLabelRequest {
    /// The vocabulary (`level`, `attribute`, `dimension`, `mode`, `phase`).
    pub kind: Vocab,
    /// An id or a label in any language (高, High, 满足需求, 政府主导型).
    pub label: String,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

/// An id and its vocabulary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct VocabId {
    /// The vocabulary.
    pub kind: Vocab,
    /// The id.
    pub id: String,
    /// Its label in the language asked for (or the caller's).
    pub label: String,
}

op! {
    /// The id of a level, attribute, dimension, mode or phase named by its id or a label in any language; an unknown name is an unknown_id error listing what is accepted.
    FromLabel = "from_label" / "fromLabel",
    FromLabelRequest => VocabId,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let id = table::id_of(&fw, r.kind, &r.label)?;
        let (kind, label) = table::label_of(&fw, &id, ctx.lang)?;
        let kind = if kind == r.kind { kind } else { r.kind };
        Ok(VocabId { kind, id, label })
    }
}

/// An id to label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelOfRequest {
    /// The id of a level, attribute or dimension of the framework, a mode or a phase.
    pub id: String,
    /// The language (default: the caller's).
    #[serde(default)]
    pub lang: Option<Lang>,
    /// The framework (default: the caller's, else the paper's).
    #[serde(default)]
    pub framework: Option<FrameworkArg>,
}

op! {
    /// The label of an id (level, attribute, dimension, mode, phase) in a language; an unknown id is an unknown_id error, never the id echoed back.
    LabelOf = "label_of" / "labelOf",
    LabelOfRequest => VocabId,
    |r, ctx| {
        let fw = args::framework(r.framework.as_ref(), ctx)?;
        let (kind, label) = table::label_of(&fw, &r.id, args::lang(r.lang, ctx))?;
        Ok(VocabId { kind, id: r.id, label })
    }
}
