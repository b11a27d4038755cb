//! Languages and multilingual text.
//!
//! Built-in content (the paper's framework, the modes, the remedies, the reference cases) is
//! bilingual: [`Text`] holds a zh-Hans and an English string. Custom frameworks may carry labels in
//! any number of languages: [`Labels`] maps a language tag to a string and falls back sensibly.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A language for built-in content and reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// Simplified Chinese (`zh`, zh-Hans). The default: the framework's source language.
    #[default]
    Zh,
    /// English (`en`).
    En,
}

impl Lang {
    /// Every language, in a fixed order (zh, en).
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The stable id: `"zh"` or `"en"`.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Lang {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Lang".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A language: zh or en (tags such as zh-CN or en-US are accepted).",
            "examples": ["zh", "en"],
        })
    }
}

/// A bilingual built-in string (zh-Hans and English).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct Text {
    /// Simplified Chinese.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The string in `lang`.
    #[must_use]
    pub const fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// The same text as [`Labels`].
    #[must_use]
    pub fn to_labels(&self) -> Labels {
        Labels::from_pairs([("zh", self.zh), ("en", self.en)])
    }
}

/// Labels in any number of languages, keyed by language tag (`"zh"`, `"en"`, `"fr"`, …).
///
/// Lookup falls back from the exact tag to its primary subtag (`zh-Hans` → `zh`), then to English,
/// then to the first label in tag order, so a custom framework labelled only in one language still
/// renders in every report language.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct Labels(pub BTreeMap<String, String>);

impl Labels {
    /// Labels from `(language tag, text)` pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Labels(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        )
    }

    /// The label for a language tag, with the fallbacks described on the type; `""` when empty.
    #[must_use]
    pub fn get(&self, tag: &str) -> &str {
        if let Some(v) = self.0.get(tag) {
            return v;
        }
        let primary = tag.split(['-', '_']).next().unwrap_or(tag);
        if let Some(v) = self.0.get(primary) {
            return v;
        }
        if let Some((_, v)) = self.0.iter().find(|(k, _)| k.starts_with(primary)) {
            return v;
        }
        if let Some(v) = self.0.get("en") {
            return v;
        }
        self.0.values().next().map_or("", String::as_str)
    }

    /// The label in a built-in language.
    #[must_use]
    pub fn in_lang(&self, lang: Lang) -> &str {
        self.get(lang.id())
    }

    /// Whether no label is present.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_parses_tags() {
        assert_eq!("zh-Hans".parse::<Lang>().ok(), Some(Lang::Zh));
        assert_eq!("EN_us".parse::<Lang>().ok(), Some(Lang::En));
        let err = "fr".parse::<Lang>().err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unknown language \"fr\"; expected one of: zh, en")
        );
    }

    #[test]
    fn labels_fall_back() {
        let l = Labels::from_pairs([("en", "Robustness"), ("zh", "稳健性")]);
        assert_eq!(l.get("zh-Hans"), "稳健性");
        assert_eq!(l.get("fr"), "Robustness");
        let only_fr = Labels::from_pairs([("fr", "Robustesse")]);
        assert_eq!(only_fr.in_lang(Lang::Zh), "Robustesse");
        assert_eq!(Labels::default().get("en"), "");
    }
}
