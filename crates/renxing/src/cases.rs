//! The paper's three reference cases (FRAMEWORK.md §5) as built-in data, and 表1 as published.
//!
//! The dimension coding comes from the paper's text, with quotes as evidence (seed 000); the
//! attribute levels of [`TABLE_1`] are the paper's own. The coding of B and C is an
//! interpretation; that it reproduces [`TABLE_1`] under the default aggregation is tested.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::assessment::Assessment;
use crate::ids::{Dimension, Level, Mode, Phase};
use crate::rating::{Evidence, Rating};
use crate::remedies::SEED_000;

/// One published row of 表1: the attribute levels the paper states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PublishedRow {
    /// The case's assessment id.
    pub case: &'static str,
    /// The mode.
    pub mode: Mode,
    /// 稳健性.
    pub robustness: Level,
    /// 冗余性.
    pub redundancy: Level,
    /// 连通性 (与政府).
    pub government_connectivity: Level,
    /// 连通性 (与居民).
    pub resident_connectivity: Level,
}

/// 表1 as published in seed 000.
pub const TABLE_1: [PublishedRow; 3] = [
    PublishedRow {
        case: "case-a",
        mode: Mode::SocialWorkerDriven,
        robustness: Level::Low,
        redundancy: Level::Low,
        government_connectivity: Level::Low,
        resident_connectivity: Level::High,
    },
    PublishedRow {
        case: "case-b",
        mode: Mode::GovernmentLed,
        robustness: Level::Medium,
        redundancy: Level::Medium,
        government_connectivity: Level::High,
        resident_connectivity: Level::Medium,
    },
    PublishedRow {
        case: "case-c",
        mode: Mode::DigitalEmbedded,
        robustness: Level::High,
        redundancy: Level::Medium,
        government_connectivity: Level::High,
        resident_connectivity: Level::High,
    },
];

type Coding = [(Dimension, Level, &'static str); 8];

const CASE_A: Coding = [
    (Dimension::NeedsMet, Level::Low, "因社工话语权过小,无法有效应对社区内部冲突,满足居民多元需求"),
    (Dimension::ResourceLinkage, Level::Low, "链接政策、市场、慈善资源、提供专业化服务、处理突发应急事件的职能发挥不足"),
    (Dimension::Rules, Level::Low, "该社区因缺乏应急指挥制度使社工在疫情防控过程中多靠主观经验进行决策,“人治”色彩较强。同时,因权责清单制度不健全,还出现了业务重合的问题"),
    (Dimension::EmergencyKnowledge, Level::Low, "A社区内社会工作者因缺乏应急知识和应急培训,未能及时开展政策解读、防疫知识宣传以及应急物资链接等工作"),
    (Dimension::VolunteerTeams, Level::Low, "缺乏应对突发公共事件的专业应急志愿队伍"),
    (Dimension::ItUse, Level::Low, "该模式的工作形式相对传统,所有疫情数据依靠人工输入,因此效率较低且存在数据失真等问题"),
    (Dimension::GovernmentConnectivity, Level::Low, "A社区常常出现“吹哨不报道”的情况,即使社工向区政府反映了社区治理诉求,但是最后往往被搁置"),
    (Dimension::ResidentConnectivity, Level::High, "该社区属于熟人社区,具有先天的社区归属感与凝聚力,社工与居民之间的连通性高,能够及时了解到居民的基本诉求"),
];

const CASE_B: Coding = [
    (Dimension::NeedsMet, Level::High, "该社区在经过区政府大力引导和投资后,能够较大程度满足居民多元需求"),
    (Dimension::ResourceLinkage, Level::Low, "B社区“三社联动”各主体在疫情期间难以链接到足够的抗疫物资"),
    (Dimension::Rules, Level::High, "各主体的职责与功能区分明显,存在明晰的组织制度和应急指挥制度……然而,各主体在实际运作过程中,也存在着主体分离、资源分割、信息分离等现实问题"),
    (Dimension::EmergencyKnowledge, Level::Medium, "尽管B社区的应急演练次数不过关,但因工作人员的专业素养较高和应急培训到位,整体呈现出了较好的应急处置能力"),
    (Dimension::VolunteerTeams, Level::Medium, "B社区所属区政府通过统一的调配,分配专业应急志愿者与社工、社会组织进行交接……同时B社区临时成立了赶制口罩志愿者服务队"),
    (Dimension::ItUse, Level::Medium, "该模式在政府主导下有效应对了此次突发疫情,但目前该模式尚未完全推动社区发展成为“数字社区”"),
    (Dimension::GovernmentConnectivity, Level::High, "该模式下65%的活动经费、场地设施等均由政府提供,同时,政府通过开展公益创投、购买服务等活动来给予必要支持"),
    (Dimension::ResidentConnectivity, Level::Medium, "与居民的连通性一般,居民参与不足"),
];

const CASE_C: Coding = [
    (Dimension::NeedsMet, Level::High, "以搭建线上工作平台、线上供需会等方式,完善了社区防控互助体系。同时,该模式在线下建设了服务站"),
    (Dimension::ResourceLinkage, Level::High, "社区工作人员可以通过线上供需平台号召辖区企业捐献防疫物资,得到了广大商企的大力支持"),
    (Dimension::Rules, Level::High, "根据该指南建立起临时防疫管理制度,如《街道楼宇ABCD分类管理指引》,确保各主体在党建工作组的引领下有着明确的任务分工"),
    (Dimension::EmergencyKnowledge, Level::Low, "依旧存在着工作人员应急知识和经验不足,应急处置能力欠缺的问题"),
    (Dimension::VolunteerTeams, Level::High, "组建起了一支由社区工作人员、社工、律师、医务人员、志愿者等人员所构成的流动便民志愿团队,带动92名志愿者参与到服务中"),
    (Dimension::ItUse, Level::High, "该系统共有46个统计功能……因此,该模式实现了社区治理技术上的冗余"),
    (Dimension::GovernmentConnectivity, Level::High, "该模式在党建引领下,能够迅速高效地完成党政部门下派的抗疫任务"),
    (Dimension::ResidentConnectivity, Level::High, "各主体通过其搭建的线上工作群和线上咨询服务群,与社区内居民进行沟通交流,与居民间紧密联系"),
];

fn build(
    id: &str,
    name: &str,
    mode: Mode,
    coding: &Coding,
    section: &str,
    metadata: Value,
) -> Assessment {
    let mut a = Assessment::new(id, name);
    a.mode = Some(mode);
    a.phase = Some(Phase::Response);
    for (dim, level, quote) in coding {
        a.rate(
            *dim,
            Rating::level(*level)
                .with_evidence(Evidence::quote(*quote, format!("{SEED_000}, {section}")))
                .with_rater("彭建军、谭静 (2022)"),
        );
    }
    if let Value::Object(m) = metadata {
        a.metadata = m;
    } else {
        a.metadata = Map::new();
    }
    a
}

/// The three reference cases A, B and C, in that order.
///
/// ```
/// use renxing::{cases, Dimension, Level, Mode};
/// let [a, b, c] = cases();
/// assert_eq!(a.mode, Some(Mode::SocialWorkerDriven));
/// assert_eq!(b.level_of(Dimension::ResourceLinkage), Some(Level::Low));
/// assert_eq!(c.level_of(Dimension::VolunteerTeams), Some(Level::High));
/// ```
#[must_use]
pub fn cases() -> [Assessment; 3] {
    [
        build(
            "case-a",
            "A社区 · Community A",
            Mode::SocialWorkerDriven,
            &CASE_A,
            "三(一) 社工助推型",
            json!({
                "location": {"zh": "S省H市", "en": "H city, S province"},
                "economy": {"zh": "经济欠发达地区;典型人口流出地,熟人社区", "en": "economically less developed; mostly local residents, an acquaintance community"},
                "source": SEED_000,
            }),
        ),
        build(
            "case-b",
            "B社区 · Community B",
            Mode::GovernmentLed,
            &CASE_B,
            "三(二) 政府主导型",
            json!({
                "location": {"zh": "S省省会城市", "en": "capital city of S province"},
                "economy": {"zh": "经济相对发达", "en": "economically relatively developed"},
                "source": SEED_000,
            }),
        ),
        build(
            "case-c",
            "C社区 · Community C",
            Mode::DigitalEmbedded,
            &CASE_C,
            "三(三) 数字嵌入型",
            json!({
                "location": {"zh": "G省", "en": "G province"},
                "economy": {"zh": "经济发达地区", "en": "economically developed"},
                "population": 16923,
                "non_local_share": 0.72,
                "source": SEED_000,
            }),
        ),
    ]
}

/// A reference case by id (`"case-a"`, `"case-b"`, `"case-c"`; also `"a"`, `"B"`, …).
#[must_use]
pub fn case(id: &str) -> Option<Assessment> {
    let want = id.to_ascii_lowercase();
    let want = if want.starts_with("case-") {
        want
    } else {
        format!("case-{want}")
    };
    cases().into_iter().find(|c| c.id == want)
}
