//! TypeScript declarations of every value that crosses the boundary. They mirror the core's serde
//! output (checked by `tsc --noEmit --strict` and the Node tests); no `any` in the public API.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Any JSON value (metadata is kept as is). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A built-in language. */
export type Lang = "zh" | "en";
/** Labels by language tag ("zh", "en", "fr", …). */
export type Labels = Record<string, string>;
/** A bilingual built-in string. */
export interface Text { zh: string; en: string; }

/** The paper's levels (a custom framework may define its own level ids). */
export type PaperLevel = "low" | "medium" | "high";
export type AttributeId = "robustness" | "redundancy" | "connectivity";
export type DimensionId =
  | "needs_met" | "resource_linkage" | "rules"
  | "emergency_knowledge" | "volunteer_teams" | "it_use"
  | "government_connectivity" | "resident_connectivity";
export type ModeId = "social_worker_driven" | "government_led" | "digital_embedded";
export type PhaseId = "preparedness" | "response" | "recovery" | "learning";
export type MethodId = "mean" | "median" | "minimum" | "capped_mean";

// ---- frameworks ----------------------------------------------------------------------------
export interface LevelDef { id: string; labels: Labels; }
export interface AttributeDef {
  id: string; labels: Labels; description?: Labels; weight?: number; split?: boolean;
}
export interface DimensionDef {
  id: string; attribute: string; labels: Labels; description?: Labels; weight?: number;
}
export interface RemedyDef {
  id: string; targets: string[]; title: Labels; detail: Labels; source: string;
}
export interface Framework {
  schema_version: 1;
  id: string;
  labels: Labels;
  source?: string;
  levels?: LevelDef[];
  attributes: AttributeDef[];
  dimensions: DimensionDef[];
  remedies?: RemedyDef[];
}

// ---- assessments ---------------------------------------------------------------------------
export interface Evidence { quote?: string; source?: string; note?: string; }
interface RatingCommon { evidence?: Evidence[]; rater?: string; note?: string; }
export interface LevelRating extends RatingCommon { level: string; }
export interface ScoreRating extends RatingCommon { score: number; }
export interface AnswersRating extends RatingCommon { coped: boolean; developed: boolean; }
/** One dimension's rating: a level, a 0–100 score, or the paper's two questions. */
export type Rating = LevelRating | ScoreRating | AnswersRating;

/** An assessment as read (validated) or written by renxing: the file format. */
export interface Assessment {
  schema_version: 1;
  framework: string;
  id: string;
  name: string;
  mode?: ModeId;
  phase?: PhaseId;
  /** YYYY-MM-DD */
  date?: string;
  /** One entry per dimension id; null = explicitly not rated. */
  ratings: Record<string, Rating | null>;
  metadata?: { [key: string]: JsonValue };
}
/** What the scoring functions accept: an assessment object (validated by the core). The
 * framework defaults to the paper's; evidence may be given as plain strings (notes). */
export interface AssessmentInput {
  schema_version: number;
  framework?: string;
  id: string;
  name: string;
  mode?: ModeId | null;
  phase?: PhaseId | null;
  date?: string | null;
  ratings: Record<string, (Omit<LevelRating, "evidence"> | Omit<ScoreRating, "evidence"> | Omit<AnswersRating, "evidence">) & { evidence?: (Evidence | string)[] } | null>;
  metadata?: { [key: string]: JsonValue } | null;
}

// ---- scoring -------------------------------------------------------------------------------
export interface ScoreOptions {
  method?: MethodId;
  dimension_weights?: Record<string, number>;
  attribute_weights?: Record<string, number>;
}
export interface Grade { level: string; code: number; score: number; value: number; }
export interface DimensionScore {
  id: string; attribute: string; weight: number; grade: Grade | null;
  source: "level" | "score" | "answers" | "unrated"; inconsistent: boolean;
}
export interface AttributeScore {
  id: string; weight: number; grade: Grade | null; rated: number; total: number; split: boolean;
}
/** A summary column (表1): an attribute, or one reading of a split attribute (key "attr.dim"). */
export interface Column { key: string; attribute: string; dimension: string | null; grade: Grade | null; }
/** The scores of one assessment, with its summary columns (表1). */
export interface Scorecard {
  assessment: string;
  framework: string;
  method: MethodId;
  dimensions: DimensionScore[];
  attributes: AttributeScore[];
  columns: Column[];
  overall: Grade | null;
}

// ---- diagnosis -----------------------------------------------------------------------------
export interface Deficit {
  kind: "attribute" | "dimension"; id: string; attribute: string; grade: Grade; gap: number; severity: number;
}
export interface RemedyMatch {
  id: string; title: Labels; detail: Labels; source: string; addresses: string[]; priority: number;
}
export interface CaseDistance { case: string; name: string; mode: ModeId | null; distance: number; compared: number; }
export interface ModeProfile {
  mode: ModeId;
  driving_factor: Text;
  advantages: Text[];
  defects: Text[];
  promotability: PaperLevel;
  promotability_note: Text;
  reference_case: string;
}
export interface Diagnosis {
  scorecard: Scorecard;
  attribute_deficits: Deficit[];
  dimension_deficits: Deficit[];
  remedies: RemedyMatch[];
  nearest_case: CaseDistance | null;
  case_distances: CaseDistance[];
  mode: ModeProfile | null;
  unrated: string[];
  inconsistencies: string[];
}

// ---- comparison ----------------------------------------------------------------------------
export interface ComparisonRow {
  id: string; name: string; mode: ModeId | null; phase: PhaseId | null; date: string | null;
  scorecard: Scorecard;
}
export interface RankEntry { id: string; rank: number | null; score: number | null; tied: boolean; }
export interface DimensionExtremes {
  dimension: string; best: string[]; worst: string[]; best_score: number | null; worst_score: number | null;
}
export interface Comparison {
  framework: string; method: MethodId; rows: ComparisonRow[]; ranking: RankEntry[]; extremes: DimensionExtremes[];
}

// ---- the rest ------------------------------------------------------------------------------
export interface RuleOutcome { level: PaperLevel; inconsistent: boolean; }
export interface PublishedRow {
  case: string; mode: ModeId; robustness: PaperLevel; redundancy: PaperLevel;
  government_connectivity: PaperLevel; resident_connectivity: PaperLevel;
}
export interface VocabularyItem<Id extends string> { id: Id; label: Text; }
export interface Vocabulary {
  languages: Lang[];
  levels: VocabularyItem<PaperLevel>[];
  attributes: VocabularyItem<AttributeId>[];
  dimensions: VocabularyItem<DimensionId>[];
  modes: VocabularyItem<ModeId>[];
  phases: VocabularyItem<PhaseId>[];
  methods: MethodId[];
  /** Every UI word as [key, text], in the core's order. */
  ui: [string, Text][];
}
export interface LabelSet {
  lang: Lang;
  ui: Record<string, string>;
  levels: Record<PaperLevel, string>;
  attributes: Record<AttributeId, string>;
  dimensions: Record<DimensionId, string>;
  modes: Record<ModeId, string>;
  phases: Record<PhaseId, string>;
}
/** Batch scores: row-major typed arrays (level codes are 1-based). */
export interface BatchResult {
  rows: number;
  attributes: string[];
  levels: string[];
  overallScore: Float64Array;
  overallLevel: Uint8Array;
  /** rows × attributes */
  attributeScore: Float64Array;
  /** rows × attributes */
  attributeLevel: Uint8Array;
}

// ---- charts and reports --------------------------------------------------------------------
/** Options of a chart (SVG rendered by the core). */
export interface ChartOptions {
  lang?: Lang | string;
  /** Pixels, 100..=10000. */
  width?: number;
  height?: number;
  /** Plot unrounded scores instead of levels. */
  scores?: boolean;
  title?: string;
  /** Prefix of the ids inside the SVG (several charts on one page). */
  id_prefix?: string;
}
export interface RadarChartOptions extends ChartOptions {
  /** Reference cases to overlay: "case-a", "case-b", "case-c" (or "a", …). */
  cases?: string[];
}
export interface ReportOptions { lang?: Lang | string; title?: string; chart_prefix?: string; }
export interface ChartFile { name: string; svg: string; }
export interface MarkdownReport { markdown: string; charts: ChartFile[]; }

// ---- errors --------------------------------------------------------------------------------
export type IssueCode =
  | "missing" | "unknown_field" | "wrong_type" | "unknown_id" | "invalid_value"
  | "out_of_range" | "not_finite" | "duplicate" | "unsupported_version" | "inconsistent";
/** One validation problem with the dotted path of its field. */
export interface Issue { path: string; code: IssueCode; message: string; }
/** The stable codes of thrown errors (renxing::Error::code). */
export type ErrorCode =
  | "unknown_id" | "framework_parse" | "framework_invalid" | "json_syntax"
  | "assessment_invalid" | "framework_mismatch" | "invalid_options" | "invalid_weight"
  | "batch_input" | "compare_input" | "chart_input" | "internal";
/** Every function throws this (a JS Error with extra properties). */
export interface RenxingError extends Error {
  name: "RenxingError";
  code: ErrorCode;
  /** The field path of the first problem, when known. */
  path: string | null;
  issues: Issue[];
  /** For compare: which assessment of the input array. */
  index?: number;
}
"#;
