//! The typed vocabulary of the paper's framework (FRAMEWORK.md §1, §2, §4, §7).
//!
//! Each is a `#[repr(u8)]` enum with a stable string id, [`FromStr`](std::str::FromStr),
//! [`Display`](std::fmt::Display) (the id), `TryFrom<u8>`, serde by id and bilingual labels.
//! `ALL` lists the values in the fixed, documented order used everywhere (tables, charts, files).

use crate::lang::Text;

macro_rules! id_enum {
    (
        $(#[$meta:meta])*
        $name:ident, ($kind_zh:literal, $kind:literal), $first:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $id:literal, $zh:literal, $en:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the fixed documented order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// Every id, in order.
            pub const IDS: &'static [&'static str] = &[ $( $id, )+ ];

            /// The stable string id.
            #[must_use]
            pub const fn id(self) -> &'static str {
                match self { $( $name::$variant => $id, )+ }
            }

            /// The label in both languages.
            #[must_use]
            pub const fn text(self) -> $crate::lang::Text {
                match self { $( $name::$variant => $crate::lang::Text { zh: $zh, en: $en }, )+ }
            }

            /// The label in one language.
            #[must_use]
            pub const fn label(self, lang: $crate::lang::Lang) -> &'static str {
                self.text().get(lang)
            }

            /// The numeric code (`ALL` position + first code).
            #[must_use]
            pub const fn code(self) -> u8 {
                self as u8 + $first
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::error::IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $id => Ok($name::$variant), )+
                    _ => Err(crate::error::IdError::new(
                        $crate::lang::Text { zh: concat!($kind_zh, " id"), en: concat!($kind, " id") },
                        s,
                        Self::IDS,
                    )),
                }
            }
        }

        impl TryFrom<u8> for $name {
            type Error = crate::error::IdError;
            /// From the numeric [`code`](Self::code).
            fn try_from(code: u8) -> Result<Self, Self::Error> {
                code.checked_sub($first)
                    .and_then(|i| Self::ALL.get(usize::from(i)).copied())
                    .ok_or_else(|| {
                        let codes: Vec<String> =
                            Self::ALL.iter().map(|v| v.code().to_string()).collect();
                        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
                        crate::error::IdError::new(
                            $crate::lang::Text { zh: concat!($kind_zh, "代码"), en: concat!($kind, " code") },
                            &code.to_string(),
                            &refs,
                        )
                    })
            }
        }

        impl From<$name> for u8 {
            fn from(v: $name) -> u8 {
                v.code()
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "enum": Self::IDS,
                    "description": concat!("A ", $kind, " id."),
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use id_enum;

id_enum! {
    /// The paper's three ordinal levels: low < medium < high. Codes are 1, 2, 3 (the paper's
    /// mapping for averaging, FRAMEWORK.md §3).
    Level, ("等级", "level"), 1 {
        /// 低: could not cope with the emergency.
        Low = "low", "低", "Low";
        /// 中: coped, but the community did not develop beyond its pre-event state.
        Medium = "medium", "中", "Medium";
        /// 高: coped and developed.
        High = "high", "高", "High";
    }
}

id_enum! {
    /// The three resilience attributes (FRAMEWORK.md §1). Codes are 0, 1, 2.
    Attribute, ("属性", "attribute"), 0 {
        /// 稳健性: disturbance absorbed without losing function.
        Robustness = "robustness", "稳健性", "Robustness";
        /// 冗余性: elements have substitutes.
        Redundancy = "redundancy", "冗余性", "Redundancy";
        /// 连通性: the bridge between government and residents (reported as two readings).
        Connectivity = "connectivity", "连通性", "Connectivity";
    }
}

id_enum! {
    /// The eight analysis dimensions (FRAMEWORK.md §1), in the paper's order. Codes are 0..=7.
    Dimension, ("维度", "dimension"), 0 {
        /// 满足需求.
        NeedsMet = "needs_met", "满足需求", "Needs met";
        /// 资源链接.
        ResourceLinkage = "resource_linkage", "资源链接", "Resource linkage";
        /// 规章制度.
        Rules = "rules", "规章制度", "Rules and regulations";
        /// 应急知识储备.
        EmergencyKnowledge = "emergency_knowledge", "应急知识储备", "Emergency knowledge reserve";
        /// 专业志愿队伍.
        VolunteerTeams = "volunteer_teams", "专业志愿队伍", "Professional volunteer teams";
        /// 信息技术运用.
        ItUse = "it_use", "信息技术运用", "Information technology use";
        /// 与政府连通.
        GovernmentConnectivity = "government_connectivity", "与政府连通", "Connectivity with government";
        /// 与居民连通.
        ResidentConnectivity = "resident_connectivity", "与居民连通", "Connectivity with residents";
    }
}

id_enum! {
    /// The three governance modes compared in 表2 (FRAMEWORK.md §4). Codes are 0, 1, 2.
    Mode, ("模式", "mode"), 0 {
        /// 社工助推型: driven by social workers.
        SocialWorkerDriven = "social_worker_driven", "社工助推型", "Social-worker driven";
        /// 政府主导型: government led.
        GovernmentLed = "government_led", "政府主导型", "Government led";
        /// 数字嵌入型: digitally embedded.
        DigitalEmbedded = "digital_embedded", "数字嵌入型", "Digitally embedded";
    }
}

id_enum! {
    /// The phases of the full cycle (FRAMEWORK.md §7). Codes are 0..=3.
    Phase, ("阶段", "phase"), 0 {
        /// Before the event: monitoring, early warning, plans, training.
        Preparedness = "preparedness", "准备", "Preparedness";
        /// During the event.
        Response = "response", "应对", "Response";
        /// After: repair and rebuilding.
        Recovery = "recovery", "恢复", "Recovery";
        /// After and ongoing: review, adapt the plan.
        Learning = "learning", "学习适应", "Learning";
    }
}

impl Dimension {
    /// The attribute this dimension belongs to.
    #[must_use]
    pub const fn attribute(self) -> Attribute {
        match self {
            Dimension::NeedsMet | Dimension::ResourceLinkage | Dimension::Rules => {
                Attribute::Robustness
            }
            Dimension::EmergencyKnowledge | Dimension::VolunteerTeams | Dimension::ItUse => {
                Attribute::Redundancy
            }
            Dimension::GovernmentConnectivity | Dimension::ResidentConnectivity => {
                Attribute::Connectivity
            }
        }
    }

    /// What is judged on this dimension (FRAMEWORK.md §1), in both languages.
    #[must_use]
    pub const fn description(self) -> Text {
        match self {
            Dimension::NeedsMet => Text {
                zh: "居民多元需求得到满足,社区内部冲突与突发事件得到处理",
                en: "residents' diverse needs met; conflicts and emergencies handled",
            },
            Dimension::ResourceLinkage => Text {
                zh: "链接政策、市场、慈善与应急资源",
                en: "policy, market, charity and emergency resources linked in",
            },
            Dimension::Rules => Text {
                zh: "应急指挥制度、权责清单、应急预案",
                en: "emergency command rules, responsibility lists (权责清单), contingency plans",
            },
            Dimension::EmergencyKnowledge => Text {
                zh: "工作人员的应急知识、培训与演练",
                en: "staff emergency knowledge, training and drills",
            },
            Dimension::VolunteerTeams => Text {
                zh: "存在可动员的专业应急志愿队伍",
                en: "specialised emergency volunteer teams exist and can be mobilised",
            },
            Dimension::ItUse => Text {
                zh: "治理中运用数字平台、数据与智能系统",
                en: "digital platforms, data, smart systems in governance",
            },
            Dimension::GovernmentConnectivity => Text {
                zh: "政府回应社区诉求(而非“吹哨不报道”)",
                en: "government responds to the community's requests (vs. \"吹哨不报道\")",
            },
            Dimension::ResidentConnectivity => Text {
                zh: "居民参与,联动主体了解居民需求",
                en: "residents participate; the linkage knows residents' needs",
            },
        }
    }
}

impl Attribute {
    /// The attribute's dimensions, in order.
    pub fn dimensions(self) -> impl Iterator<Item = Dimension> {
        Dimension::ALL
            .iter()
            .copied()
            .filter(move |d| d.attribute() == self)
    }

    /// What the attribute means (FRAMEWORK.md §1), in both languages.
    #[must_use]
    pub const fn description(self) -> Text {
        match self {
            Attribute::Robustness => Text {
                zh: "系统在不被破坏或丧失功能的条件下所能承受和吸收的扰动强度",
                en: "how much disturbance the system absorbs without losing function",
            },
            Attribute::Redundancy => Text {
                zh: "系统内各要素存在替代,受到破坏时依旧正常运行",
                en:
                    "whether elements have substitutes, so the system keeps running when parts fail",
            },
            Attribute::Connectivity => Text {
                zh: "“三社联动”作为连通政府与居民间的桥梁",
                en: "the linkage acts as the bridge between government and residents",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_order() {
        for d in Dimension::ALL {
            assert_eq!(d.id().parse::<Dimension>().ok(), Some(*d));
            assert_eq!(Dimension::try_from(d.code()).ok(), Some(*d));
        }
        assert_eq!(Dimension::ALL.len(), 8);
        assert_eq!(Level::Low.code(), 1);
        assert_eq!(Level::High.code(), 3);
        assert!(Level::Low < Level::Medium && Level::Medium < Level::High);
        assert_eq!(
            Attribute::Connectivity
                .dimensions()
                .map(Dimension::id)
                .collect::<Vec<_>>(),
            ["government_connectivity", "resident_connectivity"]
        );
        let e = Level::try_from(0).err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("unknown level code \"0\"; expected one of: 1, 2, 3")
        );
        let e = "hi".parse::<Level>().err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("unknown level id \"hi\"; expected one of: low, medium, high")
        );
    }

    #[test]
    fn serde_by_id() {
        let j = serde_json::to_string(&Mode::GovernmentLed).ok();
        assert_eq!(j.as_deref(), Some("\"government_led\""));
        let m: Result<Phase, _> = serde_json::from_str("\"recovery\"");
        assert_eq!(m.ok(), Some(Phase::Recovery));
        assert!(serde_json::from_str::<Phase>("\"later\"").is_err());
    }
}
