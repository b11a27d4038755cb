//! The built-in remedies (优化路径, FRAMEWORK.md §6), each citing its seed file by name.
//!
//! They are part of [`Framework::paper`](crate::Framework::paper) as [`RemedyDef`](crate::RemedyDef)s; a custom
//! framework carries its own. A remedy applies when any of its targets (an attribute or a
//! dimension) is below the top level.

use crate::ids::Phase;
use crate::lang::Text;

/// Seed 000: Peng & Tan 2022, the primary source.
pub const SEED_000: &str = "000_ebdaebbf0bcb582b.txt";
/// Seed 001: building a community emergency-resilience governance system (中国社会科学报, 2022).
pub const SEED_001: &str = "001_f8ce86e00c3dc2df.txt";
/// Seed 002: empowerment and authorisation (赋能与赋权) after the epidemic.
pub const SEED_002: &str = "002_83e5d5d534a66ee9.txt";
/// Seed 003: Shao et al. 2023, organisational / actor / technical resilience.
pub const SEED_003: &str = "003_f383c5159f49531b.txt";
/// Seed 004: three-society linkage in risk prevention and control (中国社会工作, 2020).
pub const SEED_004: &str = "004_c48e9fa23e80f143.txt";

/// A built-in remedy (static data; [`RemedyDef`](crate::RemedyDef) is its framework form).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Remedy {
    /// Stable id.
    pub id: &'static str,
    /// Attribute or dimension ids of the paper's framework.
    pub targets: &'static [&'static str],
    /// Short title.
    pub title: Text,
    /// What to do.
    pub detail: Text,
    /// Seed file name (the source key; its citation: [`citation`](crate::timeline::citation)).
    pub source: &'static str,
    /// The phases of the cycle it acts in (our reading of the seed, documented in
    /// `docs/timeline.md`): a diagnosis made in a phase leads with the remedies for the phase
    /// ahead.
    pub phases: &'static [Phase],
}

macro_rules! remedy {
    ($id:literal, [$($t:literal),+], $source:expr, [$($p:ident),+], $zt:literal, $et:literal, $zd:literal, $ed:literal) => {
        Remedy {
            id: $id,
            targets: &[$($t),+],
            title: Text { zh: $zt, en: $et },
            detail: Text { zh: $zd, en: $ed },
            source: $source,
            phases: &[$(Phase::$p),+],
        }
    };
}

/// The remedies of the paper's framework, in recommendation order within equal severity.
pub const PAPER_REMEDIES: &[Remedy] = &[
    remedy!("empower_and_devolve", ["robustness", "needs_met", "resource_linkage"], SEED_000, [Preparedness, Response],
        "赋权增能,推进权力下沉",
        "Empower the linkage and push authority down",
        "对“三社联动”赋权增能,实现权力过渡、推进权力下沉;在党委统一领导下明确上级政府与“三社联动”间的业务指导关系,落实属地责任,扩大其在安全生产、自然灾害防控、应急处置等方面的自主权。",
        "Empower the linkage and devolve authority: under unified Party leadership, clarify the guiding relation between higher government and the linkage, make local responsibility (属地责任) real, and widen its autonomy over work safety, disaster prevention and emergency response."),
    remedy!("resilient_emergency_system", ["robustness", "rules"], SEED_000, [Preparedness, Recovery],
        "建设高韧性的应急管理体系",
        "Build a resilient emergency-management system",
        "因地制宜完善应急预案制度和各主体的权责清单,重视预案、预测、预警“三预”工作和灾后重建,推进应急管理常态化,开创“无急可应、有急能应、应急高效”局面。",
        "Fit contingency plans and each actor's responsibility list (权责清单) to the place; attend to the \"three pre-\" work (预案, 预测, 预警: plans, forecasting, early warning) and post-disaster rebuilding; make emergency management routine, so that \"with no emergency there is readiness, with an emergency there is response, and the response is efficient\"."),
    remedy!("smart_technology", ["redundancy", "it_use"], SEED_000, [Preparedness],
        "推动智慧化、信息化技术的普及与运用",
        "Spread smart and information technology",
        "依托信息技术盘活社区内不同层级、类型、主体的信息资源,实现数据融合与资源协同共享,运用于风险监测预警与韧性指标评估,以大数据手段提升抗逆力。",
        "Use information technology to pool the community's information across levels, types and actors: data fusion and shared resources, risk monitoring and early warning, resilience-indicator assessment, so that big data raises the capacity to withstand shocks."),
    remedy!("regular_emergency_training", ["redundancy", "emergency_knowledge"], SEED_000, [Preparedness, Learning],
        "应急知识培训制度化、常态化",
        "Make emergency-knowledge training regular and institutional",
        "本着“少而精、能管用”的原则对各主体开展应急知识培训,实现培训制度化、常态化;在职责明晰的基础上使各主体了解彼此的工作,面临突发事件时能有序接岗。",
        "Train every actor in emergency knowledge on the principle \"few but fine, and useful\" (少而精、能管用), regularly and as an institution; with clear duties, make each actor know the others' work so posts can be handed over in order when an emergency strikes."),
    remedy!("government_responsiveness", ["government_connectivity"], SEED_000, [Response, Recovery],
        "提升政府对“三社联动”的回应性",
        "Make government answer the linkage's requests",
        "政府相关部门为“三社联动”的服务工作提供准入审核、沟通协调、矛盾化解和利益分配等服务;改革考核评价制度,强化层级监督,提升职能部门对社区诉求的回应性。",
        "Government departments provide access review, coordination, conflict mediation and benefit allocation for the linkage's services; reform performance evaluation and strengthen hierarchical supervision so that departments answer the community's requests."),
    remedy!("resident_deliberation", ["resident_connectivity"], SEED_000, [Preparedness, Recovery],
        "健全社区议事会议制度,促进多元共治",
        "Community deliberation councils and multi-actor co-governance",
        "健全社区议事会议制度,推进社区事务共商共治常态化,调动多元主体参与应急治理,打破原子化陌生人社区,加强居民的自救意识和自救能力。",
        "Establish community deliberation councils (社区议事会议制度) and routine joint decision-making; bring many actors into emergency governance, break up the atomised community of strangers, and build residents' self-rescue awareness and capacity."),
    remedy!("full_cycle_mechanism", ["robustness", "rules"], SEED_001, [Preparedness, Response, Recovery, Learning],
        "完善全过程的韧性治理运行机制",
        "A full-cycle resilience mechanism",
        "形成监测预警、危机应对、危机修复(含风险问责)、学习适应相互嵌套的运行机制;应急预案结合社区特点因时因地应变,避免停留在形式上。",
        "Build nested mechanisms for monitoring and early warning, crisis response, crisis repair (with accountability for risks) and learning and adaptation; fit contingency plans to the community and keep them alive rather than on paper."),
    remedy!("drills_for_everyone", ["emergency_knowledge", "volunteer_teams"], SEED_001, [Learning, Preparedness],
        "面向多元主体的预案演练与学习",
        "Plan drills for cadres, staff, residents and volunteers",
        "推动危机学习适应落到实处:结合本社区实际创新宣传与培训,面向社区干部、工作人员、居民和志愿者开展预案演练,突破象征性与单向性。",
        "Make crisis learning real: publicity and training fitted to the community, and contingency-plan drills for cadres, staff, residents and volunteers, beyond the symbolic and one-way."),
    remedy!("empowered_co_governance", ["resident_connectivity", "volunteer_teams", "resource_linkage"], SEED_001, [Response],
        "赋权增能,形成多元共治",
        "Empowerment for multi-actor co-governance",
        "合理赋予社区危机应急处置权,形成党建引领下多元主体互动、自上而下与自下而上相结合的应急机制;政府提供物质和政策支持,社区构建风险治理共同体。",
        "Give the community real authority to act in a crisis; under Party leadership combine top-down and bottom-up emergency mechanisms among many actors; government supplies material and policy support, the community builds a risk-governance community."),
    remedy!("digital_risk_platform", ["it_use"], SEED_001, [Preparedness],
        "数字技术嵌入社区韧性治理",
        "Embed digital technology: early warning and a data-sharing platform",
        "建立敏捷的社区风险识别和预警监测系统,建立数据融合的信息共享平台,培养具备数字技能的工作人员,克服数字技术运用的碎片化。",
        "Build agile risk identification and early-warning monitoring, a data-sharing platform that fuses data across departments, and staff with digital skills, to overcome fragmented use of technology."),
    remedy!("six_support_systems", ["robustness", "resource_linkage", "government_connectivity"], SEED_002, [Recovery, Preparedness],
        "赋能与赋权:六大支撑体系",
        "Empowerment and authorisation across six support systems",
        "从组织架构、技术支撑、人才队伍、资源调度、沟通协调和政社合作网络六个方面为基层社区赋能与赋权,在社区层面建构好政社合作的基本面。",
        "Empower and authorise the community through six support systems: organisational structure, technical support, talent, resource dispatch, communication and coordination, and the government–society cooperation network."),
    remedy!("community_life_circle", ["needs_met", "resource_linkage"], SEED_002, [Preparedness, Recovery],
        "按社区尺度配置资源:“15分钟社区生活圈”",
        "Configure resources at community scale: the 15-minute life circle",
        "按居住人口建设“15分钟社区生活圈”的标准安排生活配套,加强基层医疗服务能力和社区防范,按分层分级原则下沉应急管理与卫生防疫资源。",
        "Plan daily-life facilities to the \"15-minute community life circle\" standard by resident population, strengthen primary health care and community prevention, and move emergency-management and epidemic-prevention resources down by tier."),
    remedy!("self_organisation", ["resident_connectivity", "volunteer_teams"], SEED_002, [Response, Recovery],
        "培育居民自组织",
        "Self-organisation through owners' committees",
        "发挥业主委员会等居民自组织的作用,提升居民自我组织、自我服务的能力。",
        "Use owners' committees and other residents' self-organisations to raise residents' capacity to organise and serve themselves."),
    remedy!("population_big_data", ["it_use", "needs_met"], SEED_002, [Preparedness],
        "建设人口大数据平台",
        "Population big-data platforms",
        "建设人口与需求的大数据平台,推动治理和服务的科学化、精准化、精细化。",
        "Build population and needs big-data platforms so that governance and services become scientific, precise and fine-grained."),
    remedy!("grid_governance", ["rules", "needs_met"], SEED_003, [Response],
        "以网格化治理增强组织韧性",
        "Grid governance for organisational resilience",
        "以网格化管理明确分工、压实责任,增强社区组织韧性与抗逆力。",
        "Use grid management (网格化) to divide work clearly and fix responsibility, strengthening organisational resilience and resistance."),
    remedy!("varied_publicity_training", ["emergency_knowledge", "resident_connectivity"], SEED_003, [Preparedness],
        "多元宣传与培训",
        "Varied publicity and training",
        "通过线上线下多元渠道开展宣传和培训,提升居民与工作人员的风险意识和应对能力,增强自治力。",
        "Publicise and train through varied online and offline channels to raise the risk awareness and response capacity of residents and staff, strengthening autonomy."),
    remedy!("normal_emergency_integration", ["volunteer_teams", "resource_linkage", "rules"], SEED_003, [Preparedness, Response],
        "平疫结合的全周期管理",
        "Integrate normal and emergency times (平疫结合)",
        "将常态治理与应急治理结合,平时储备队伍、物资与预案,战时快速切换,提升恢复力。",
        "Join routine and emergency governance: build teams, supplies and plans in normal times and switch fast when a crisis comes, raising recovery capacity."),
    remedy!("digital_coordination", ["it_use", "government_connectivity"], SEED_003, [Response],
        "数字协同",
        "Digital coordination",
        "以数字治理拓宽治理深度、以协同治理延展治理广度,促进数字协同机制融合互嵌,打通社区与政府的数据与业务协同。",
        "Deepen governance with digital tools and widen it with collaboration, embedding digital coordination so community and government share data and work together."),
    remedy!("three_phase_roles", ["rules", "volunteer_teams", "needs_met"], SEED_004, [Preparedness, Response, Recovery],
        "按风险预警、抗击、结束三阶段分工",
        "Roles across the three risk phases",
        "在风险预警、风险抗击、风险结束三个阶段,明确社区、社会工作者和社会组织各自的任务:预警期宣传与排查,抗击期动员与服务,结束期恢复与心理支持。",
        "In the warning, fighting and ending phases of a risk, set out what the community, social workers and social organisations each do: publicity and screening before, mobilisation and services during, recovery and psychological support after."),
    remedy!("widen_evaluation", ["robustness", "needs_met"], SEED_004, [Learning],
        "拓展评价体系",
        "Widen the evaluation system",
        "将风险防范和公共卫生纳入“三社联动”的评价指标体系,以评促建。",
        "Include risk prevention and public health in the linkage's evaluation system, so evaluation drives capacity building."),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_seed_cited_and_ids_unique() {
        let sources: BTreeSet<&str> = PAPER_REMEDIES.iter().map(|r| r.source).collect();
        assert_eq!(
            sources,
            BTreeSet::from([SEED_000, SEED_001, SEED_002, SEED_003, SEED_004])
        );
        let ids: BTreeSet<&str> = PAPER_REMEDIES.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), PAPER_REMEDIES.len());
        // Every phase has remedies acting in it.
        for p in Phase::ALL {
            assert!(PAPER_REMEDIES.iter().any(|r| r.phases.contains(p)), "{p}");
        }
    }
}
