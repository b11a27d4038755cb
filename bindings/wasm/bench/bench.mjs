// Benchmark: scoring 100,000 assessments (8 level codes each) in WebAssembly under Node (the
// typed-array path: scoreCodes, the same through a held, compiled Framework, and that again into
// output arrays the caller made once, `out`), against the native Rust batch path
// (examples/native_bench.rs, same data from the same seed: fresh outputs, and outputs made once)
// and a plain JavaScript implementation of the default rule (mean per attribute, mean of
// attributes, ties-down rounding), which must agree with WASM. The native outputs must equal the
// WASM outputs bit for bit (FNV-1a digests of every output array). Prints the timings and the
// ratios.
//
// The target (WASM at most 2× native) is judged like for like: both sides write into outputs
// that already exist (WASM: `out`; native: the same Vecs every run). With fresh outputs on both
// sides the ratio is printed too, not judged: V8 allocates and first touches 38 bytes a row of
// new typed arrays on every call (timed apart below), while glibc hands the native side back
// the memory it has just freed. WASM against plain JS is judged with fresh arrays on both.
//
// Two measures: wall time (best and median of `repeats` runs after `warmup` runs) and CPU time
// per run over `cpuRuns` more runs (Node: process.cpuUsage(), every thread of the process, so
// V8's garbage collection and compiler threads count; native: its one thread,
// /proc/thread-self/schedstat). On a shared machine CPU time is the steadier figure; the target
// counts as met only when both ratios meet it. The native side runs with RAYON_NUM_THREADS=1 (the
// core splits 65,536 rows or more across cores; WebAssembly has one thread). The load average is
// printed before and after. Last, the copies a WASM call makes and a native call does not (codes
// in; outputs out, into held or fresh typed arrays) are timed apart.
//
//   node bindings/wasm/bench/bench.mjs [rows] [seed] [repeats] [warmup] [cpuRuns]
// (after scripts/test-wasm.sh, or at least its build steps, so that pkg-node/ exists)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import assert from 'node:assert/strict';
import fs from 'node:fs';

const rx = createRequire(import.meta.url)('../pkg-node/renxing_wasm.js');
const rows = Number(process.argv[2] ?? 100_000);
const seed = BigInt(process.argv[3] ?? 42);
const repeats = Number(process.argv[4] ?? 30);
// Unmeasured runs first, so that V8 has tiered the WASM (Liftoff → TurboFan) and the JS up.
const warmup = Number(process.argv[5] ?? 40);
// CPU time is summed over this many runs (about half a second of work at 100,000 rows)
const cpuRuns = Number(process.argv[6] ?? Math.max(20, Math.ceil(50_000_000 / rows)));
const loadavg = () => {
  try {
    return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
};
const loadBefore = loadavg();

// splitmix64, as in native_bench.rs
const M = (1n << 64n) - 1n;
function generate(n, seedValue) {
  let state = seedValue;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    state = (state + 0x9e3779b97f4a7c15n) & M;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
    z ^= z >> 31n;
    out[i] = 1 + Number((z >> 32n) % 3n);
  }
  return out;
}

// The default rule in plain JavaScript, for the paper framework (3 attributes of 3, 3, 2
// dimensions, equal weights, 3 levels).
const GROUPS = [[0, 1, 2], [3, 4, 5], [6, 7]];
function scoreJs(codes) {
  const n = codes.length / 8;
  const overallScore = new Float64Array(n);
  const overallLevel = new Uint8Array(n);
  const attributeScore = new Float64Array(n * 3);
  const attributeLevel = new Uint8Array(n * 3);
  const rated = new Uint16Array(n).fill(8); // every dimension rated (as WASM reports)
  const level = (x) => Math.min(3, Math.max(1, Math.ceil(x - 0.5 - 1e-9)));
  for (let r = 0; r < n; r++) {
    const o = r * 8;
    let sum = 0;
    for (let a = 0; a < 3; a++) {
      const g = GROUPS[a];
      let s = 0;
      for (const i of g) s += codes[o + i];
      const x = s / g.length;
      attributeScore[r * 3 + a] = ((x - 1) / 2) * 100;
      attributeLevel[r * 3 + a] = level(x);
      sum += x;
    }
    const x = sum / 3;
    overallScore[r] = ((x - 1) / 2) * 100;
    overallLevel[r] = level(x);
  }
  return { overallScore, overallLevel, attributeScore, attributeLevel, rated };
}

function time(fn) {
  const times = [];
  let result;
  for (let i = 0; i < warmup; i++) fn();
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const c0 = process.cpuUsage();
  for (let i = 0; i < cpuRuns; i++) fn();
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000 / cpuRuns;
  return { best: times[0], median: times[Math.floor(times.length / 2)], cpu, result };
}

// FNV-1a (32 bits) of an array's little-endian bytes, as in examples/native_bench.rs
function fnv1a(typed) {
  const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h;
}

const codes = generate(rows * 8, seed);
const wasm = time(() => rx.scoreCodes(codes));
const paper = rx.Framework.paper();
const held = time(() => paper.scoreCodes(codes));
// the outputs made once and written into on every call (`out`), as the native side's held run
const out = {
  overallScore: new Float64Array(rows),
  overallLevel: new Uint8Array(rows),
  attributeScore: new Float64Array(rows * 3),
  attributeLevel: new Uint8Array(rows * 3),
  rated: new Uint16Array(rows),
};
const into = time(() => paper.scoreCodes(codes, { out }));
const js = time(() => scoreJs(codes));

// JS and WASM agree, with or without a held framework
assert.equal(wasm.result.rows, rows);
assert.deepEqual(held.result, wasm.result, 'held framework');
assert.deepEqual(into.result, wasm.result, 'into the held outputs');
assert.equal(into.result.overallScore, out.overallScore, 'the held outputs are the result\'s arrays');
assert.deepEqual(js.result.overallLevel, wasm.result.overallLevel, 'overall levels');
assert.deepEqual(js.result.attributeLevel, wasm.result.attributeLevel, 'attribute levels');
assert.deepEqual(js.result.rated, wasm.result.rated, 'rated counts');
for (let i = 0; i < rows; i++) {
  assert.ok(Math.abs(js.result.overallScore[i] - wasm.result.overallScore[i]) <= 1e-9, `overall score ${i}`);
}
for (let i = 0; i < rows * 3; i++) {
  assert.ok(Math.abs(js.result.attributeScore[i] - wasm.result.attributeScore[i]) <= 1e-9, `attribute score ${i}`);
}

// The native path on the same data, one thread
const nativeOut = execFileSync(
  'cargo',
  ['run', '--quiet', '--release', '-p', 'renxing-wasm', '--example', 'native_bench', '--', String(rows), String(seed), String(repeats), String(cpuRuns)],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RAYON_NUM_THREADS: '1' } },
);
const native = JSON.parse(nativeOut.trim().split('\n').pop());
const checksum = wasm.result.overallScore.reduce((a, b) => a + b, 0);
const levelSum = wasm.result.overallLevel.reduce((a, b) => a + b, 0);
assert.equal(native.rows, rows);
assert.equal(native.level_sum, levelSum, 'native and WASM scored the same data (level sum)');
assert.ok(Math.abs(native.checksum - checksum) < 1e-3, `checksum native ${native.checksum} vs wasm ${checksum}`);
for (const [key, digest] of Object.entries(native.digests)) {
  assert.equal(fnv1a(wasm.result[key]), digest, `native and WASM ${key} bit for bit`);
}
// Where the WASM call's time goes beyond the kernel: the copies across the boundary, timed apart
// on the same sizes (a WebAssembly.Memory of its own stands in for the module's): the codes into
// WebAssembly memory, and the five outputs out of it into held typed arrays (`set`, as `out`
// gets them) or fresh ones (`new Float64Array(view)`).
const memory = new WebAssembly.Memory({ initial: Math.ceil((rows * 47 + 65536) / 65536) });
let offset = 0;
const view = (Kind, length) => {
  offset = Math.ceil(offset / 8) * 8;
  const v = new Kind(memory.buffer, offset, length);
  offset += v.byteLength;
  return v;
};
const codesIn = view(Uint8Array, rows * 8);
const outViews = [
  [Float64Array, view(Float64Array, rows)],
  [Uint8Array, view(Uint8Array, rows)],
  [Float64Array, view(Float64Array, rows * 3)],
  [Uint8Array, view(Uint8Array, rows * 3)],
  [Uint16Array, view(Uint16Array, rows)],
];
const copyIn = time(() => codesIn.set(codes));
const copyOut = time(() => outViews.map(([Kind, v]) => new Kind(v)));
const heldOut = outViews.map(([Kind, v]) => new Kind(v.length));
const copyHeld = time(() => outViews.forEach(([, v], i) => heldOut[i].set(v)));
const loadAfter = loadavg();

const f = (x) => x.toFixed(2).padStart(8);
const cpuText = (x) => (x == null ? '    n/a' : f(x));
console.log(`rows: ${rows} × 8 level codes (seed ${seed}); wall: best and median of ${repeats} runs after ${warmup} warm-up runs; CPU: per run over ${cpuRuns} runs`);
console.log('JS and WASM results agree; native and WASM outputs identical bit for bit (FNV-1a of all five arrays)');
console.log('                                                         wall best   median   CPU/run');
console.log(`native Rust (Engine::score_codes, one thread, fresh outputs) ${f(native.best_ms)} ${f(native.median_ms)} ${cpuText(native.cpu_ms)} ms`);
console.log(`native Rust, outputs held (scored into on every run)        ${f(native.held_best_ms)} ${f(native.held_median_ms)} ${cpuText(native.held_cpu_ms)} ms`);
console.log(`WASM under Node (scoreCodes, fresh typed arrays)            ${f(wasm.best)} ${f(wasm.median)} ${cpuText(wasm.cpu)} ms`);
console.log(`WASM, held Framework.scoreCodes, fresh typed arrays         ${f(held.best)} ${f(held.median)} ${cpuText(held.cpu)} ms`);
console.log(`WASM, held Framework.scoreCodes into held arrays (out)      ${f(into.best)} ${f(into.median)} ${cpuText(into.cpu)} ms`);
console.log(`plain JavaScript (fresh typed arrays)                       ${f(js.best)} ${f(js.median)} ${cpuText(js.cpu)} ms`);
const verdict = (ok) => (ok ? 'met' : 'NOT met');
// like for like: both sides write into outputs made once (WASM: `out`; native: the same Vecs)
const wn = into.best / native.held_best_ms;
const wnCpu = native.held_cpu_ms == null ? null : into.cpu / native.held_cpu_ms;
console.log(`ratio WASM / native, outputs held on both sides, wall best: ${wn.toFixed(2)}×   CPU: ${wnCpu == null ? 'n/a' : `${wnCpu.toFixed(2)}×`}   (target: at most 2×: ${verdict(wn <= 2 && (wnCpu == null || wnCpu <= 2))})`);
// fresh outputs on both sides: V8 allocates and first touches 38 bytes a row of new typed arrays
// (measured apart below), glibc hands the native side back the memory it freed
const fresh = wasm.best / native.best_ms;
const freshCpu = native.cpu_ms == null ? null : wasm.cpu / native.cpu_ms;
console.log(`ratio WASM / native, fresh outputs on both sides, wall best: ${fresh.toFixed(2)}×   CPU: ${freshCpu == null ? 'n/a' : `${freshCpu.toFixed(2)}×`}   (not a target: includes V8's fresh typed arrays)`);
const jw = js.best / wasm.best;
const jwCpu = js.cpu / wasm.cpu;
console.log(`ratio JS / WASM, fresh typed arrays both, wall best: ${jw.toFixed(2)}×   CPU: ${jwCpu.toFixed(2)}×   (target: above 1×, WASM faster than plain JS: ${verdict(jw > 1 && jwCpu > 1)})`);
console.log(`medians: WASM / native held ${(into.median / native.held_median_ms).toFixed(2)}×, fresh ${(wasm.median / native.median_ms).toFixed(2)}×, JS / WASM ${(js.median / wasm.median).toFixed(2)}×`);
console.log(`measured apart: codes into WebAssembly memory ${copyIn.best.toFixed(2)} ms wall best (${copyIn.cpu.toFixed(2)} CPU); `
  + `the outputs into held typed arrays ${copyHeld.best.toFixed(2)} ms (${copyHeld.cpu.toFixed(2)} CPU), into fresh ones ${copyOut.best.toFixed(2)} ms (${copyOut.cpu.toFixed(2)} CPU); `
  + `so of the held call, kernel and fixed cost: ${(into.best - copyIn.best - copyHeld.best).toFixed(2)} ms against native's ${native.held_best_ms.toFixed(2)} ms`);
const wasmFile = new URL('../pkg-node/renxing_wasm_bg.wasm', import.meta.url);
const bytes = fs.readFileSync(wasmFile);
const { gzipSync } = await import('node:zlib');
console.log(`pkg-node/renxing_wasm_bg.wasm: ${bytes.length} bytes (${(bytes.length / 1e6).toFixed(2)} MB), ${gzipSync(bytes, { level: 9 }).length} gzipped`);
console.log(`node ${process.version}; load average before ${loadBefore}, after ${loadAfter}`);
