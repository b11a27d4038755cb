// The TypeScript declarations of the hand-written part of the WebAssembly package (lib.rs):
// `call`, the module language, errors, the typed-array batch path and the compiled `Framework`.
// Everything else (one function per operation and every request/response type) is in
// generated.d.ts, generated from the operation registry. Both are inserted into the package's
// .d.ts by wasm-bindgen and checked by `tsc --strict` (tests/types-check.ts).

/** Runs any operation by its registry name (`"score"`, `"radar_chart"`, …); messages in `lang`
 * (default: the module language, see `setLang`). */
export function call<K extends keyof Operations>(op: K, request: Operations[K]["request"], lang?: Lang): Operations[K]["response"];

/** Sets the module language: error messages, and outputs whose request names no language
 * (labels, charts, reports, text). `"zh"` (the default) or `"en"`; tags such as `en-GB` work. */
export function setLang(lang: Lang): void;
/** The module language. */
export function getLang(): "zh" | "en";

/** What every function throws: a JS `Error` whose `name` is `kind`. */
export interface RenxingError extends Error {
  /** The stable code (`"assessment_invalid"`, `"unknown_id"`, …). */
  code: string;
  /** The error family: `"AssessmentError"`, `"UnknownIdError"`, …, `"RenxingError"`. */
  kind: string;
  /** The field of the first problem, as keys and indices (`["assessment", "ratings", "rules"]`). */
  path: (string | number)[] | null;
  /** Every validation problem, each with its own path and message. */
  issues: { path: (string | number)[]; code: string; message: string }[];
}

/** The typed-array batch result: `rows × attributes` arrays are row-major. */
export interface BatchResult {
  rows: number;
  /** Attribute ids: the columns of `attributeScore` / `attributeLevel`. */
  attributes: string[];
  /** Level ids: code c is `levels[c - 1]`. */
  levels: string[];
  overallScore: Float64Array;
  overallLevel: Uint8Array;
  attributeScore: Float64Array;
  attributeLevel: Uint8Array;
  /** Per row, the (positively weighted) dimensions rated: below `total` = a partial row. */
  rated: Uint16Array;
  /** The number of positively weighted dimensions. */
  total: number;
}

/** Output arrays a batch call writes into instead of making fresh ones (any of the five; each of
 * the result's kind and length, else a `BatchError` at `["out", name]`; one left out, or `null`,
 * is made fresh). The result holds these very arrays. On an error, rows before the bad one may
 * have been written. */
export type BatchOutputs = { [K in "overallScore" | "overallLevel" | "attributeScore" | "attributeLevel" | "rated"]?: BatchResult[K] | null };

/** The rest of a batch request: scoring options, the framework, `unrated` (code 0 / NaN = not
 * rated), a `mask` (one byte per cell, 0 = not rated) and `out` (arrays to write into, reused
 * from call to call: no fresh arrays to allocate). */
export type BatchRequest = Omit<ScoreBatchRequest, "codes" | "scores" | "mask"> & { mask?: Uint8Array; out?: BatchOutputs | null };

/** Batch scoring of level codes (row-major `rows × dimensions`, codes 1..=levels). */
export function scoreCodes(codes: Uint8Array, request?: BatchRequest): BatchResult;
/** Batch scoring of 0–100 scores (row-major `rows × dimensions`, finite). */
export function scoreScores(scores: Float64Array, request?: BatchRequest): BatchResult;

/** The request of `indicatorsArray`: the `indicators` operation's, without `data.values` (the
 * matrix is the `Float64Array`); `data.units` may be left out (units named by row position). */
export type IndicatorsArrayRequest = {
  data: Omit<Dataset, "values" | "units"> & { units?: string[] };
  pipeline: Pipeline;
};

/** The `indicators` response in array form: every per-unit vector and table as a typed array
 * (tables row-major, `rows` empty: they are `units`; ranks, bands (−1 = missing), counts and
 * positions as `Int32Array`; the check step's `units` as columns `available`, `share`,
 * `zero_share`, `passed`). */
export interface IndicatorsArrayResult {
  /** Unit ids, or row positions when the request named none. */
  units: string[] | Int32Array;
  indicators: string[];
  dimensions: string[];
  attributes: string[];
  keep_intermediates: boolean;
  /** Every step as executed; reports hold typed arrays where the JSON response holds lists. */
  steps: { index: number; step: Step; report: { kind: string; [field: string]: unknown } }[];
  final_table: { rows: string[]; columns: string[]; values: Float64Array };
}

/** The composite-indicator pipeline (the `indicators` operation) on a row-major units ×
 * indicators `Float64Array` (NaN = missing): the same steps and numbers as `indicators`, typed
 * arrays out. Errors about the matrix are located at `["array"]` (as in Python), a cell's at
 * `["array", unit, indicator]`. */
export function indicatorsArray(values: Float64Array, request: IndicatorsArrayRequest): IndicatorsArrayResult;

/** A framework compiled once (validated, held in WebAssembly memory) and reused by every call. */
export interface CompiledFramework {
  /** The framework id. */
  readonly id: string;
  /** The framework object (also what `JSON.stringify` writes). */
  toJSON(): Framework;
  /** Runs an operation with this framework wherever the request names none. */
  call<K extends keyof Operations>(op: K, request: Operations[K]["request"], lang?: Lang): Operations[K]["response"];
  /** `prepare` with this framework wherever the request names none. */
  prepare<K extends keyof Operations>(op: K, request: Operations[K]["request"], lang?: Lang): Prepared<Operations[K]["response"]>;
  /** The label of an id of this framework (level, attribute, dimension; or a mode or phase) in
   * `lang` (default: the module language); an unknown id throws `UnknownIdError` naming it. */
  label(id: string, lang?: Lang): string;
  /** `scoreCodes` with this framework. */
  scoreCodes(codes: Uint8Array, request?: Omit<BatchRequest, "framework">): BatchResult;
  /** `scoreScores` with this framework. */
  scoreScores(scores: Float64Array, request?: Omit<BatchRequest, "framework">): BatchResult;
  /** Releases the WebAssembly memory now (otherwise the garbage collector does). */
  free(): void;
}

/** Compiles a framework from its object form or a file's text (`format`: `"json"`, the default, or
 * `"toml"`). Instances are `CompiledFramework`s (the type `Framework` is the object form). */
export const Framework: {
  new (source: Framework | string, format?: FrameworkFormat): CompiledFramework;
  /** The paper's built-in framework, compiled. */
  paper(): CompiledFramework;
  readonly prototype: CompiledFramework;
};

/** The result of one run of a `Prepared` request, held in WebAssembly: `get(name)` converts one
 * field (again on every read), `toJSON()` the whole, equal to what the operation's function
 * returns. */
export class Held<R> {
  private constructor();
  /** The name of the operation that made it. */
  readonly op: string;
  /** One top-level field (`undefined` when the result leaves it out). */
  get<F extends keyof R & string>(name: F): R[F];
  /** The names of the top-level fields, in order. */
  keys(): (keyof R & string)[];
  /** The whole result. */
  toJSON(): R;
  free(): void;
}

/** An operation's request, read, validated and held: `run()` runs the operation again without
 * converting the request again (for `score` and `diagnose` the assessment and framework are
 * resolved once) and returns a `Held` result. */
export class Prepared<R> {
  private constructor();
  /** The operation's name. */
  readonly op: string;
  /** Runs the operation; messages in `lang` (default: the module language). */
  run(lang?: Lang): Held<R>;
  free(): void;
}

/** Reads, validates and holds a request of any operation (see `Prepared`). */
export function prepare<K extends keyof Operations>(op: K, request: Operations[K]["request"], lang?: Lang): Prepared<Operations[K]["response"]>;
