// Compiled by `tsc --noEmit --strict` (scripts/test-wasm.sh): the declarations of the package
// must type real uses of the API without casts, and reject wrong ones (@ts-expect-error).
import * as rx from "../pkg-node/renxing_wasm";
import type {
  Assessment, AssessmentInput, BatchResult, Comparison, Diagnosis, Framework, Grade, LabelSet,
  MarkdownReport, ModeProfile, RenxingError, RuleOutcome, Scorecard, Vocabulary,
} from "../pkg-node/renxing_wasm";

const fw: Framework = rx.frameworkPaper();
const dims: string[] = fw.dimensions.map((d) => d.id);
const input: AssessmentInput = {
  schema_version: 1,
  id: "riverside",
  name: "河畔社区",
  mode: "government_led",
  ratings: {
    needs_met: { level: "high", evidence: [{ quote: "…", source: "interview 3" }, "a note"] },
    resource_linkage: { coped: true, developed: false },
    rules: { score: 71.5 },
    emergency_knowledge: null,
  },
};
const a: Assessment = rx.validateAssessment(input);
const card: Scorecard = rx.score(a, { method: "median", dimension_weights: { rules: 2 } });
const overall: Grade | null = card.overall;
const level: string | undefined = overall?.level;
const columns: string[] = card.columns.map((c) => `${c.key}=${c.grade?.level ?? "-"}`);
const d: Diagnosis = rx.diagnose(a, null, fw);
const remedyTitles: string[] = d.remedies.map((r) => r.title["en"] ?? r.id);
const nearest: string | undefined = d.nearest_case?.case;
const defects: string[] = (d.mode?.defects ?? []).map((t) => t.zh);
const cmp: Comparison = rx.compare(rx.cases());
const ranks: (number | null)[] = cmp.ranking.map((r) => r.rank);
const outcome: RuleOutcome = rx.rate(true, false);
const high: "low" | "medium" | "high" = outcome.level;
const modes: ModeProfile[] = rx.modesTable();
const labels: LabelSet = rx.labels("en");
const needsMet: string = labels.dimensions.needs_met;
const vocab: Vocabulary = rx.vocabulary();
const batch: BatchResult = rx.scoreCodes(new Uint8Array(8).fill(2));
const scores: Float64Array = rx.scoreScores(new Float64Array(16).fill(50)).overallScore;
const codes: Uint8Array = batch.overallLevel;
const svg: string = rx.radarChart([a], { lang: "en", cases: ["case-a"], width: 480, height: 480 });
const md: MarkdownReport = rx.markdownReport(a, { lang: "zh" });
const text: string = rx.assessmentToJson(a);
const again: Assessment = rx.parseAssessment(text);
const custom: Framework = rx.parseFramework(rx.frameworkToToml(fw), "toml");

try {
  rx.parseAssessment("{");
} catch (e) {
  const err = e as RenxingError;
  const code: "json_syntax" | string = err.code;
  const paths: string[] = err.issues.map((i) => i.path);
  const first: string | null = err.path;
  void [code, paths, first];
}

// @ts-expect-error: rate takes booleans
rx.rate("yes", true);
// @ts-expect-error: an unknown aggregation method
rx.score(a, { method: "average" });
// @ts-expect-error: batch scoring takes a typed array
rx.scoreCodes("1,2,3");
// @ts-expect-error: a mode id is checked
const badMode: AssessmentInput = { ...input, mode: "market_led" };

export const used = [
  dims, level, columns, remedyTitles, nearest, defects, ranks, high, modes, needsMet, vocab,
  scores, codes, svg, md, again, custom, badMode,
];
