//! Ids from labels in any of the framework's languages, and labels from ids — strictly: a name
//! that is none of them is an [`ErrorCode::UnknownId`] error listing what is accepted, never
//! echoed back.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::vocab::{Found, Lookup};
use crate::error::{Error, ErrorCode, Msg, Path, Problem};
use crate::framework::Framework;
use crate::ids::{Mode, Phase};
use crate::lang::Lang;

/// A vocabulary whose ids have labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Vocab {
    /// The framework's levels (高 / High / high).
    Level,
    /// The framework's attributes.
    Attribute,
    /// The framework's dimensions.
    Dimension,
    /// The governance modes (政府主导型).
    Mode,
    /// The phases of an emergency.
    Phase,
}

impl Vocab {
    /// Every vocabulary, in the order [`label_of`] searches them.
    pub const ALL: [Vocab; 5] = [
        Vocab::Level,
        Vocab::Attribute,
        Vocab::Dimension,
        Vocab::Mode,
        Vocab::Phase,
    ];

    fn lookup(self, fw: &Framework) -> Lookup {
        match self {
            Vocab::Level => Lookup::levels(fw),
            Vocab::Attribute => Lookup::attributes(fw),
            Vocab::Dimension => Lookup::dimensions(fw),
            Vocab::Mode => Lookup::modes(),
            Vocab::Phase => Lookup::phases(),
        }
    }

    const fn words(self) -> (&'static str, &'static str) {
        match self {
            Vocab::Level => ("等级", "level"),
            Vocab::Attribute => ("属性", "attribute"),
            Vocab::Dimension => ("维度", "dimension"),
            Vocab::Mode => ("模式", "mode"),
            Vocab::Phase => ("阶段", "phase"),
        }
    }
}

/// The id a name stands for: the id itself or a label in any language (case, spaces, `_` and
/// `-` ignored).
///
/// ```
/// use renxing::table::{id_of, Vocab};
/// use renxing::Framework;
/// let fw = Framework::paper();
/// assert_eq!(id_of(fw, Vocab::Level, "高")?, "high");
/// assert_eq!(id_of(fw, Vocab::Dimension, "Needs met")?, "needs_met");
/// assert_eq!(id_of(fw, Vocab::Mode, "政府主导型")?, "government_led");
/// assert!(id_of(fw, Vocab::Level, "很高").is_err());
/// # Ok::<(), renxing::Error>(())
/// ```
///
/// # Errors
/// [`ErrorCode::UnknownId`] for a name that is no id or label of the vocabulary (or is the
/// label of several).
pub fn id_of(framework: &Framework, vocab: Vocab, name: &str) -> Result<String, Error> {
    let lookup = vocab.lookup(framework);
    let (zh, en) = vocab.words();
    match lookup.find(name) {
        Found::One(i) => Ok(lookup.id(i).to_owned()),
        Found::Ambiguous(ids) => Err(Problem::new(
            ErrorCode::UnknownId,
            Msg::new(
                format!("{zh}名称 {name:?} 不唯一:{}", ids.join(", ")),
                format!("the {en} name {name:?} is ambiguous: {}", ids.join(", ")),
            ),
        )
        .at(Path::from("label"))
        .into()),
        Found::None => Err(Problem::new(
            ErrorCode::UnknownId,
            Msg::new(
                format!("未知的{zh} {name:?};可用的值:{}", lookup.expected()),
                format!(
                    "unknown {en} {name:?}; expected one of: {}",
                    lookup.expected()
                ),
            ),
        )
        .at(Path::from("label"))
        .into()),
    }
}

/// The label of an id (of a level, attribute or dimension of the framework, a mode or a phase)
/// in a language, and which vocabulary it is in.
///
/// ```
/// use renxing::table::{label_of, Vocab};
/// use renxing::{Framework, Lang};
/// let fw = Framework::paper();
/// assert_eq!(label_of(fw, "needs_met", Lang::Zh)?, (Vocab::Dimension, "满足需求".to_owned()));
/// assert!(label_of(fw, "overall_score", Lang::Zh).is_err()); // not echoed back
/// # Ok::<(), renxing::Error>(())
/// ```
///
/// # Errors
/// [`ErrorCode::UnknownId`] for an id that is none of these.
pub fn label_of(framework: &Framework, id: &str, lang: Lang) -> Result<(Vocab, String), Error> {
    if let Some(l) = framework.levels.iter().find(|l| l.id == id) {
        return Ok((Vocab::Level, l.labels.in_lang(lang).to_owned()));
    }
    if let Some(a) = framework.attribute(id) {
        return Ok((Vocab::Attribute, a.labels.in_lang(lang).to_owned()));
    }
    if let Some(d) = framework.dimension(id) {
        return Ok((Vocab::Dimension, d.labels.in_lang(lang).to_owned()));
    }
    if let Some(m) = Mode::ALL.iter().find(|m| m.id() == id) {
        return Ok((Vocab::Mode, m.label(lang).to_owned()));
    }
    if let Some(p) = Phase::ALL.iter().find(|p| p.id() == id) {
        return Ok((Vocab::Phase, p.label(lang).to_owned()));
    }
    let shown: String = id.chars().take(64).collect();
    Err(Problem::new(
        ErrorCode::UnknownId,
        Msg::new(
            format!("未知的 id {shown:?}:不是框架 {} 的等级、属性或维度,也不是模式或阶段", framework.id),
            format!(
                "unknown id {shown:?}: no level, attribute or dimension of framework {}, nor a mode or phase",
                framework.id
            ),
        ),
    )
    .at(Path::from("id"))
    .into())
}
