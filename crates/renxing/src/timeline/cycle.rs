//! Phase-aware remedies: what to do in each phase of the cycle, and who acts.
//!
//! Two schemes from the seeds, quoted faithfully (the Chinese is the seed's own wording, with
//! the stray spaces of the scanned text removed; the English is a translation):
//!
//! * seed `001_f8ce86e00c3dc2df.txt` (中国社会科学报, 2022): the four mechanisms that the
//!   operation of crisis governance "应该贯穿": 监测预警 (monitoring and early warning), 危机应对
//!   (crisis response), 危机修复 (crisis repair) and 学习适应 (learning and adaptation). The seed
//!   addresses the community as a whole, so its actions are the community's
//!   ([`Actor::Community`]).
//! * seed `004_c48e9fa23e80f143.txt` (中国社会工作杂志, 2020): three phases of risk — 风险预警
//!   (warning), 风险抗击 (fighting), 风险结束 (ending) — with what the community, social workers
//!   and social organisations each do.
//!
//! The framework's phases ([`Phase`], FRAMEWORK.md §7) map onto them one to one in order:
//!
//! | phase | seed 001 | seed 004 |
//! |---|---|---|
//! | `preparedness` | 监测预警 | 风险预警 |
//! | `response` | 危机应对 | 风险抗击 |
//! | `recovery` | 危机修复 | 风险结束 |
//! | `learning` | 学习适应 | — (seed 004 has no separate learning phase) |
//!
//! The cycle closes: the phase ahead of `learning` is `preparedness` again (seed 001: learning
//! updates the plans; the mechanisms are "相互嵌套").
//!
//! ```
//! use renxing::timeline::{plan_ahead, Actor};
//! use renxing::{Lang, Phase};
//!
//! // Assessed during the response: what comes next, and who acts?
//! let plan = plan_ahead(Phase::Response);
//! assert_eq!(plan.phase, Phase::Recovery);
//! let ids: Vec<&str> = plan.stages.iter().map(|s| s.id.as_str()).collect();
//! assert_eq!(ids, ["crisis_repair", "risk_ending"]);
//! let sw = plan.by_actor(Actor::SocialWorkers);
//! assert_eq!(sw.len(), 2); // the three actors' shared division of work, then their own task
//! assert!(sw[1].text.get(Lang::Zh).starts_with("社会工作者需要及时消解疫情期的恐慌"));
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::Phase;
use crate::lang::{Lang, Text};
use crate::remedies::{SEED_001, SEED_004};

/// An owned bilingual string (zh-Hans and English); serialises as `{"zh", "en"}` like
/// [`Text`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Bilingual {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    /// The string in a language.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl From<Text> for Bilingual {
    fn from(t: Text) -> Self {
        Bilingual {
            zh: t.zh.to_owned(),
            en: t.en.to_owned(),
        }
    }
}

/// Who acts: the three actors of 三社联动.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Actor {
    /// 社区: the community (Party organisation, residents' committee, staff, residents).
    Community,
    /// 社会工作者: social workers.
    SocialWorkers,
    /// 社会组织: social organisations.
    SocialOrganisations,
}

impl Actor {
    /// Every actor, in order.
    pub const ALL: [Actor; 3] = [
        Actor::Community,
        Actor::SocialWorkers,
        Actor::SocialOrganisations,
    ];

    /// The stable id.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Actor::Community => "community",
            Actor::SocialWorkers => "social_workers",
            Actor::SocialOrganisations => "social_organisations",
        }
    }

    /// The label in both languages (the UI words `actor_<id>`).
    #[must_use]
    pub const fn text(self) -> Text {
        match self {
            Actor::Community => crate::ui::ACTOR_COMMUNITY,
            Actor::SocialWorkers => crate::ui::ACTOR_SOCIAL_WORKERS,
            Actor::SocialOrganisations => crate::ui::ACTOR_SOCIAL_ORGANISATIONS,
        }
    }
}

/// Which seed's scheme a stage belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StageScheme {
    /// Seed 001's four mechanisms of crisis governance.
    Mechanisms001,
    /// Seed 004's three phases of risk.
    RiskPhases004,
}

/// One thing to do, by whom, as the seed says it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Action {
    /// Who acts.
    pub actors: Vec<Actor>,
    /// The seed's words (zh) and a translation (en).
    pub text: Bilingual,
    /// The seed file name (the source key; see [`citation`](super::citation)).
    pub source: String,
}

/// A stage of one seed's scheme with its actions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Stage {
    /// Stable id (`"monitoring_early_warning"`, `"risk_warning"`, …).
    pub id: String,
    /// The scheme.
    pub scheme: StageScheme,
    /// The stage's name in the seed (zh) and in English.
    pub name: Bilingual,
    /// The seed's guiding principle for the stage, if it states one.
    pub principle: Option<Bilingual>,
    /// The framework phase it maps to.
    #[schemars(with = "String")]
    pub phase: Phase,
    /// The seed file name (the source key).
    pub source: String,
    /// The seed's citation as shown to readers ([`reference`](super::reference)).
    pub reference: Bilingual,
    /// What is done, in the seed's order.
    pub actions: Vec<Action>,
}

/// The stages of both schemes for one framework phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PhasePlan {
    /// The phase.
    #[schemars(with = "String")]
    pub phase: Phase,
    /// Seed 001's stage then seed 004's (if any).
    pub stages: Vec<Stage>,
}

impl PhasePlan {
    /// The actions an actor takes part in, stage by stage.
    #[must_use]
    pub fn by_actor(&self, actor: Actor) -> Vec<&Action> {
        self.stages
            .iter()
            .flat_map(|s| s.actions.iter())
            .filter(|a| a.actors.contains(&actor))
            .collect()
    }
}

struct ActionDef {
    actors: &'static [Actor],
    zh: &'static str,
    en: &'static str,
}

struct StageDef {
    id: &'static str,
    scheme: StageScheme,
    name: Text,
    principle: Option<Text>,
    phase: Phase,
    source: &'static str,
    actions: &'static [ActionDef],
}

use Actor::{Community as C, SocialOrganisations as O, SocialWorkers as W};

const STAGES: &[StageDef] = &[
    StageDef {
        id: "monitoring_early_warning",
        scheme: StageScheme::Mechanisms001,
        name: Text { zh: "监测预警", en: "Monitoring and early warning" },
        principle: Some(Text {
            zh: "危机的预警预测机制能够有效预测危机诱发因素、危机发生可能性、危机灾害范围和程度",
            en: "An early-warning and forecasting mechanism can effectively forecast what triggers a crisis, how likely it is, and the extent and severity of its damage",
        }),
        phase: Phase::Preparedness,
        source: SEED_001,
        actions: &[
            ActionDef {
                actors: &[C],
                zh: "借用大数据技术可以做好相关信息的收集和分析,条件允许的社区可以通过与第三方机构合作共同设立风险预警机构或预警系统",
                en: "Use big-data technology to collect and analyse the relevant information; where conditions allow, set up a risk early-warning body or system together with third-party institutions.",
            },
            ActionDef {
                actors: &[C],
                zh: "建立敏捷的社区风险识别和预警监测系统,通过大数据、物联网等新兴技术全面感知风险源并进行智能化分析,动态监测社区风险状态,一旦出现致险因素,能够实时预警",
                en: "Build an agile system for identifying community risks and monitoring for early warning: sense risk sources comprehensively with big data, the Internet of Things and other new technologies, analyse them intelligently, monitor the community's risk state continuously, and warn in real time as soon as a risk factor appears.",
            },
        ],
    },
    StageDef {
        id: "crisis_response",
        scheme: StageScheme::Mechanisms001,
        name: Text { zh: "危机应对", en: "Crisis response" },
        principle: None,
        phase: Phase::Response,
        source: SEED_001,
        actions: &[ActionDef {
            actors: &[C],
            zh: "完善信息沟通机制,及时向居民发布最新权威信息,实时动态更新,使风险信息公开透明,最大程度消除居民恐慌,建立信任,以有效应对危机",
            en: "Improve information and communication: publish the latest authoritative information to residents promptly and update it in real time, so that risk information is open and transparent, residents' panic is dispelled as far as possible and trust is built, to cope effectively with the crisis.",
        }],
    },
    StageDef {
        id: "crisis_repair",
        scheme: StageScheme::Mechanisms001,
        name: Text { zh: "危机修复", en: "Crisis repair" },
        principle: None,
        phase: Phase::Recovery,
        source: SEED_001,
        actions: &[ActionDef {
            actors: &[C],
            zh: "建立和完善风险责任追究机制,针对风险而非事件问责",
            en: "Establish and improve accountability for risks: hold people to account for risks, not for events.",
        }],
    },
    StageDef {
        id: "learning_adaptation",
        scheme: StageScheme::Mechanisms001,
        name: Text { zh: "学习适应", en: "Learning and adaptation" },
        principle: Some(Text {
            zh: "其核心能力是学习和适应风险以提高治理能力",
            en: "Its core capacity is to learn from and adapt to risks so as to raise the capacity to govern",
        }),
        phase: Phase::Learning,
        source: SEED_001,
        actions: &[
            ActionDef {
                actors: &[C],
                zh: "社区除了在平时做好对风险和韧性能力评估以及时更新应急预案外,还需要提高社区工作人员以及社区居民对于预案的熟悉度,安排社区干部、社区工作人员、社区居民、社区志愿者等进行应急预案的培训与演练",
                en: "Besides assessing risks and resilience capacity in normal times and updating the contingency plan in time, make community staff and residents familiar with the plan: arrange training and drills on it for community cadres, staff, residents and volunteers.",
            },
            ActionDef {
                actors: &[C],
                zh: "通过分析评估危机出现的原因、社区应对过程的得失及影响程度,作为危机学习的触点,积累经验、总结教训,推动危机治理制度的改进",
                en: "Analyse and assess why the crisis arose, what the community's response gained and lost, and how great the impact was, as the trigger of crisis learning: accumulate experience, draw lessons and improve the crisis-governance system.",
            },
            ActionDef {
                actors: &[C],
                zh: "社区工作人员要注重专业技术的培训,形成常态化学习机制,通过学习强化数治思维和数治能力",
                en: "Community staff attend to training in professional technical skills and make learning routine, strengthening their thinking and capability in digital governance.",
            },
        ],
    },
    StageDef {
        id: "risk_warning",
        scheme: StageScheme::RiskPhases004,
        name: Text { zh: "风险预警阶段", en: "Risk warning phase" },
        principle: Some(Text {
            zh: "“三社”联防,鼓励群防",
            en: "The three actors guard together and encourage the public to guard too",
        }),
        phase: Phase::Preparedness,
        source: SEED_004,
        actions: &[
            ActionDef {
                actors: &[W],
                zh: "社会工作者在社区日常工作中培育社区领袖,组织社区活动,评估居民需求,在开展社区教育与照护时增强突发事件风险敏感度与识别能力,做到及时发现与及时预防",
                en: "In their daily community work, social workers cultivate community leaders, organise community activities and assess residents' needs; through community education and care they raise sensitivity to and recognition of emergency risks, so that risks are found and prevented in time.",
            },
            ActionDef {
                actors: &[W],
                zh: "同时,增强社区居民参与感和归属感,在公共卫生、社区关系、重大事故等方面及时收集居民信息与意见",
                en: "At the same time, they strengthen residents' sense of participation and belonging, and promptly collect residents' information and opinions on public health, community relations, major accidents and the like.",
            },
            ActionDef {
                actors: &[O],
                zh: "社会组织在风险预警过程中应强化风险意识,协助指导社区、社会工作者做好应急管理方案,收集、储备应急物资",
                en: "Social organisations strengthen risk awareness during the warning phase, help and guide the community and social workers to prepare emergency-management plans, and collect and stockpile emergency supplies.",
            },
            ActionDef {
                actors: &[C],
                zh: "社区应发挥平台作用,与社会工作者、社会组织一道防范风险,并及时上报",
                en: "The community acts as the platform: it guards against risks together with social workers and social organisations, and reports upwards promptly.",
            },
        ],
    },
    StageDef {
        id: "risk_fighting",
        scheme: StageScheme::RiskPhases004,
        name: Text { zh: "风险抗击阶段", en: "Risk fighting phase" },
        principle: Some(Text {
            zh: "行政主导,社会工作者、社会组织协力共治",
            en: "Administration leads; social workers and social organisations govern together with it",
        }),
        phase: Phase::Response,
        source: SEED_004,
        actions: &[
            ActionDef {
                actors: &[C],
                zh: "社区党组织、社区居委会作为第一责任主体,担负风险防控的首要责任",
                en: "The community Party organisation and the residents' committee, as the first responsible actors, bear the primary responsibility for risk prevention and control.",
            },
            ActionDef {
                actors: &[W, O],
                zh: "社会工作者、社会组织围绕社区风险治理工作紧密配合,同时利用专业技术开展相应服务,为促进风险防控的全面胜利奠定基础",
                en: "Social workers and social organisations cooperate closely in the community's risk-governance work and use their professional skills to provide the corresponding services, laying the foundation for full success in risk prevention and control.",
            },
        ],
    },
    StageDef {
        id: "risk_ending",
        scheme: StageScheme::RiskPhases004,
        name: Text { zh: "风险结束阶段", en: "Risk ending phase" },
        principle: Some(Text {
            zh: "“三社”齐抓,巩固成果",
            en: "The three actors work on it together and consolidate the results",
        }),
        phase: Phase::Recovery,
        source: SEED_004,
        actions: &[
            ActionDef {
                actors: &[C, W, O],
                zh: "“三社”主体应当根据功能优势有效分工",
                en: "The three actors divide the work effectively according to their functional strengths.",
            },
            ActionDef {
                actors: &[C],
                zh: "社区需要重构社会支持网络与社会运行网络,有效推进复工复产和生活秩序",
                en: "The community rebuilds its networks of social support and social operation, and effectively advances the return to work and production and the order of daily life.",
            },
            ActionDef {
                actors: &[W],
                zh: "社会工作者需要及时消解疫情期的恐慌、悲观情绪,鼓励居民建立生活信心,并提供其他辅导活动",
                en: "Social workers promptly dispel the panic and pessimism of the epidemic period, encourage residents to regain confidence in life, and provide other counselling activities.",
            },
            ActionDef {
                actors: &[O],
                zh: "社会组织除协助社区“两委”完成相应工作外,还应积极链接相关资源,重视社区防灾减灾的刚性需求与风险评估,培育风险防控服务项目,倡导社区应急意识并纳入社区公共议程",
                en: "Besides helping the community's \"two committees\" (两委) with their work, social organisations actively link in relevant resources, attend to the community's firm needs for disaster prevention and mitigation and to risk assessment, cultivate risk-prevention service projects, and advocate emergency awareness, putting it on the community's public agenda.",
            },
        ],
    },
];

fn stage(d: &StageDef) -> Stage {
    Stage {
        id: d.id.to_owned(),
        scheme: d.scheme,
        name: d.name.into(),
        principle: d.principle.map(Bilingual::from),
        phase: d.phase,
        source: d.source.to_owned(),
        reference: super::citations::reference(d.source),
        actions: d
            .actions
            .iter()
            .map(|a| Action {
                actors: a.actors.to_vec(),
                text: Bilingual {
                    zh: a.zh.to_owned(),
                    en: a.en.to_owned(),
                },
                source: d.source.to_owned(),
            })
            .collect(),
    }
}

/// Every stage of both schemes: seed 001's four mechanisms, then seed 004's three phases.
#[must_use]
pub fn stages() -> Vec<Stage> {
    STAGES.iter().map(stage).collect()
}

/// The phase after `phase` in the cycle: preparedness → response → recovery → learning →
/// preparedness.
///
/// ```
/// use renxing::timeline::phase_ahead;
/// use renxing::Phase;
/// assert_eq!(phase_ahead(Phase::Learning), Phase::Preparedness);
/// ```
#[must_use]
pub const fn phase_ahead(phase: Phase) -> Phase {
    match phase {
        Phase::Preparedness => Phase::Response,
        Phase::Response => Phase::Recovery,
        Phase::Recovery => Phase::Learning,
        Phase::Learning => Phase::Preparedness,
    }
}

/// The stages (seed 001's, then seed 004's) that act in `phase`, with who acts.
#[must_use]
pub fn plan_for(phase: Phase) -> PhasePlan {
    PhasePlan {
        phase,
        stages: STAGES
            .iter()
            .filter(|s| s.phase == phase)
            .map(stage)
            .collect(),
    }
}

/// The remedies for the phase ahead of `phase` ([`phase_ahead`]), with who acts: what a
/// diagnosis made in `phase` should lead with.
#[must_use]
pub fn plan_ahead(phase: Phase) -> PhasePlan {
    plan_for(phase_ahead(phase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phase_has_seed_001_and_the_mapping_is_ordered() {
        for p in Phase::ALL {
            let plan = plan_for(*p);
            assert_eq!(plan.stages[0].scheme, StageScheme::Mechanisms001);
            assert!(plan.stages.iter().all(|s| !s.actions.is_empty()));
        }
        assert_eq!(plan_for(Phase::Learning).stages.len(), 1);
        let ids: Vec<String> = stages().into_iter().map(|s| s.id).collect();
        assert_eq!(
            ids,
            [
                "monitoring_early_warning",
                "crisis_response",
                "crisis_repair",
                "learning_adaptation",
                "risk_warning",
                "risk_fighting",
                "risk_ending"
            ]
        );
        // Seed 004: every actor acts in every one of its phases.
        for s in stages()
            .iter()
            .filter(|s| s.scheme == StageScheme::RiskPhases004)
        {
            for a in Actor::ALL {
                assert!(
                    s.actions.iter().any(|x| x.actors.contains(&a)),
                    "{} {}",
                    s.id,
                    a.id()
                );
            }
        }
    }
}
