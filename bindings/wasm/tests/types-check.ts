// Compiled by `tsc --noEmit --strict` (scripts/test-wasm.sh): the declarations of the package
// (generated from the operation registry, plus the binding's own few) must type real uses of the
// API without casts, and reject wrong ones (@ts-expect-error).
import * as rx from "../pkg-node/renxing_wasm";
import type {
  Assessment, BatchOutputs, BatchResult, CompiledFramework, Comparison, Diagnosis, Framework, Grade,
  IndicatorsArrayResult, Pipeline,
  LabelsResponse, ModeProfile, Operations, RenxingError, ReportResponse, RuleOutcome, Scorecard,
  ScoreRequest, VocabularyResponse,
} from "../pkg-node/renxing_wasm";

const fw: Framework = rx.frameworkPaper();
const dims: string[] = fw.dimensions.map((d) => d.id);
const input: Assessment = {
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
const a: Assessment = rx.validateAssessment({ assessment: input });
const request: ScoreRequest = { assessment: a, options: { method: "median", dimension_weights: { rules: 2 } } };
const card: Scorecard = rx.score(request);
const overall: Grade | null | undefined = card.overall;
const level: string | undefined = overall?.level;
const columns: string[] = (card.columns ?? []).map((c) => `${c.key}=${c.grade?.level ?? "-"}`);
const d: Diagnosis = rx.diagnose({ assessment: a, framework: fw });
const remedyTitles: string[] = d.remedies.map((r) => r.title["en"] ?? r.id);
const nearest: string | undefined = d.nearest_case?.case;
const cmp: Comparison = rx.compare({ assessments: rx.cases() });
const ranks: (number | null | undefined)[] = cmp.ranking.map((r) => r.rank);
const outcome: RuleOutcome = rx.rate({ coped: true, developed: false });
const high: string = outcome.level;
const modes: ModeProfile[] = rx.modesTable();
const labels: LabelsResponse = rx.labels({ lang: "en" });
const needsMet: string | undefined = labels.dimensions["needs_met"];
const vocab: VocabularyResponse = rx.vocabulary();
const batch: BatchResult = rx.scoreCodes(new Uint8Array(8).fill(2));
const outputs: BatchOutputs = { overallScore: new Float64Array(1), rated: new Uint16Array(1), overallLevel: null };
const into: Float64Array = rx.scoreCodes(new Uint8Array(8).fill(2), { out: outputs }).overallScore;
const closeness: IndicatorsArrayResult = rx.indicatorsArray(new Float64Array([1, 2, 3, 4]), {
  data: { indicators: [{ id: "a", dimension: "d" }, { id: "b", dimension: "d" }] },
  // (the generated Step types lack their `step` tag, so the pipeline is read as a file would be)
  pipeline: JSON.parse('{"steps": [{"step": "normalise"}, {"step": "aggregate"}]}') as Pipeline,
});
const closenessTable: Float64Array = closeness.final_table.values;
const scores: Float64Array = rx.scoreScores(new Float64Array(16).fill(50), { options: { method: "minimum" } }).overallScore;
const codes: Uint8Array = batch.overallLevel;
const svg: string = rx.radarChart({ assessments: [a], cases: ["case-a"], chart: { lang: "en", width: 480, height: 480 } }).svg;
const md: ReportResponse = rx.report({ assessment: a, report: { format: "markdown", lang: "zh" } });
const chartNames: string[] = md.charts.map((c) => c.name);
const text: string = rx.formatAssessment({ assessment: a }).text;
const again: Assessment = rx.parseAssessment({ text });
const custom: Framework = rx.parseFramework({ text: rx.formatFramework({ framework: fw, format: "toml" }).text, format: "toml" });

// the generic entry point is typed by operation name
const viaCall: Operations["score"]["response"] = rx.call("score", { assessment: a }, "en");
rx.setLang("en");
const lang: "zh" | "en" = rx.getLang();

// a compiled framework, held and reused
const held: CompiledFramework = new rx.Framework(custom);
const fromText: CompiledFramework = new rx.Framework(text, "json");
const heldCard: Scorecard = held.call("score", { assessment: a });
const heldBatch: BatchResult = held.scoreCodes(new Uint8Array(8).fill(1), { options: { method: "mean" } });
const heldId: string = rx.Framework.paper().id;
const heldObject: Framework = held.toJSON();
const isHandle: boolean = (held as unknown) instanceof rx.Framework;
held.free();

try {
  rx.parseAssessment({ text: "{" });
} catch (e) {
  const err = e as RenxingError;
  const code: string = err.code;
  const kind: string = err.kind;
  const paths: (string | number)[][] = err.issues.map((i) => i.path);
  const first: (string | number)[] | null = err.path;
  void [code, kind, paths, first];
}

// @ts-expect-error: rate takes one request object
rx.rate(true, true);
// @ts-expect-error: an unknown aggregation method
rx.score({ assessment: a, options: { method: "average" } });
// @ts-expect-error: the assessment is a field of the request
rx.score(a);
// @ts-expect-error: batch scoring takes a typed array
rx.scoreCodes("1,2,3");
// @ts-expect-error: scores are a Float64Array
rx.scoreScores(new Float32Array(8));
// @ts-expect-error: the indicator matrix is a Float64Array
rx.indicatorsArray([1, 2], { data: { indicators: [] }, pipeline: { steps: [] } });
// @ts-expect-error: an unknown operation name
rx.call("nope", {});
// @ts-expect-error: an output array of the wrong kind
rx.scoreCodes(new Uint8Array(8), { out: { overallScore: new Float32Array(1) } });
// @ts-expect-error: `out` holds only the five outputs
rx.scoreCodes(new Uint8Array(8), { out: { levels: new Uint8Array(1) } });
// @ts-expect-error: the held framework's batch request names no framework
held.scoreCodes(new Uint8Array(8), { framework: fw });
// @ts-expect-error: a mode id is checked
const badMode: Assessment = { ...input, mode: "market_led" };

export const used = [
  closenessTable,
  dims, level, columns, remedyTitles, nearest, ranks, high, modes, needsMet, vocab, scores, codes,
  svg, chartNames, again, viaCall, lang, fromText, heldCard, heldBatch, heldId, heldObject,
  isHandle, badMode, into,
];

// held requests and lazy results: the field names and types come from the generated `Operations`
const preparedScore: rx.Prepared<Scorecard> = rx.prepare("score", request);
const lazy: rx.Held<Scorecard> = preparedScore.run();
const lazyOverall: Grade | null | undefined = lazy.get("overall");
const lazyCard: Scorecard = lazy.toJSON();
const lazyKeys: string[] = lazy.keys();
const lazyDiagnosis: Diagnosis = rx.Framework.paper().prepare("diagnose", { assessment: a }).run("en").toJSON();
// @ts-expect-error a Scorecard has no field "nope"
lazy.get("nope");
// @ts-expect-error the request of score needs an assessment
rx.prepare("score", {});
void [lazyOverall, lazyCard, lazyKeys, lazyDiagnosis];
