//! The three governance modes and their comparison (表2, FRAMEWORK.md §4).

use serde::Serialize;

use crate::ids::{Level, Mode};
use crate::lang::Text;

/// A mode's row of 表2.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ModeProfile {
    /// The mode.
    pub mode: Mode,
    /// What drives it (驱动因素).
    pub driving_factor: Text,
    /// Advantages (优势).
    pub advantages: &'static [Text],
    /// Defects (缺陷).
    pub defects: &'static [Text],
    /// Promotability (推广性) as a level.
    pub promotability: Level,
    /// Why, in a sentence.
    pub promotability_note: Text,
    /// The reference case that exemplifies it (`"case-a"` …).
    pub reference_case: &'static str,
}

const SOCIAL_WORKER: ModeProfile = ModeProfile {
    mode: Mode::SocialWorkerDriven,
    driving_factor: Text {
        zh: "社会工作者凭借其“专业性”把握协调权,形成向心吸引",
        en: "social workers' professionalism holds the coordinating role",
    },
    advantages: &[
        Text {
            zh: "灵活性",
            en: "Flexibility",
        },
        Text {
            zh: "治理成本低",
            en: "Low governance cost",
        },
    ],
    defects: &[
        Text {
            zh: "权责匹配模糊",
            en: "Blurred matching of powers and responsibilities",
        },
        Text {
            zh: "组织散漫",
            en: "Loose organisation",
        },
    ],
    promotability: Level::Low,
    promotability_note: Text {
        zh: "最易推广实施,但治理成效一般,推广性低",
        en: "easiest to implement, but weak in effect: low promotability",
    },
    reference_case: "case-a",
};

const GOVERNMENT_LED: ModeProfile = ModeProfile {
    mode: Mode::GovernmentLed,
    driving_factor: Text {
        zh: "政府通过政策支持、购买服务等方式主导",
        en: "government leads through policy support and purchase of services",
    },
    advantages: &[
        Text {
            zh: "制度化建设程度高",
            en: "High institutionalisation",
        },
        Text {
            zh: "信任度高",
            en: "High trust",
        },
    ],
    defects: &[
        Text {
            zh: "行政依赖性强",
            en: "Strong administrative dependence",
        },
        Text {
            zh: "政令冲突",
            en: "Conflicting directives",
        },
    ],
    promotability: Level::High,
    promotability_note: Text {
        zh: "有效弥补社区内部力量薄弱,技术成本相对较低,推广价值高",
        en: "compensates weak internal capacity at modest technology cost: high promotability",
    },
    reference_case: "case-b",
};

const DIGITAL: ModeProfile = ModeProfile {
    mode: Mode::DigitalEmbedded,
    driving_factor: Text {
        zh: "信息化、数字化技术驱动,线上平台与线下站点结合",
        en: "information and digital technology: online platforms plus offline stations",
    },
    advantages: &[Text { zh: "社会资本最大化", en: "Social capital maximised" }],
    defects: &[Text { zh: "技术成本高", en: "High technology cost" }],
    promotability: Level::Medium,
    promotability_note: Text {
        zh: "技术成本高、嵌入难度大,推广价值适中,适合经济发达的省市",
        en: "high cost and hard to embed: medium promotability, suits economically developed provinces",
    },
    reference_case: "case-c",
};

impl Mode {
    /// The mode's row of 表2.
    ///
    /// ```
    /// use renxing::{Level, Mode};
    /// assert_eq!(Mode::GovernmentLed.profile().promotability, Level::High);
    /// ```
    #[must_use]
    pub const fn profile(self) -> &'static ModeProfile {
        match self {
            Mode::SocialWorkerDriven => &SOCIAL_WORKER,
            Mode::GovernmentLed => &GOVERNMENT_LED,
            Mode::DigitalEmbedded => &DIGITAL,
        }
    }
}

/// Reads a mode profile back by its `mode` id: the profiles are the library's static data (表2),
/// so a serialised profile resolves to the same `&'static` value.
impl<'de> serde::Deserialize<'de> for &'static ModeProfile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct ByMode {
            mode: Mode,
        }
        let by = ByMode::deserialize(d)?;
        Ok(by.mode.profile())
    }
}

/// 表2: every mode's profile, in [`Mode::ALL`] order.
#[must_use]
pub fn modes_table() -> Vec<&'static ModeProfile> {
    Mode::ALL.iter().map(|m| m.profile()).collect()
}
