// Shared helpers of the Node tests: the package built for Node, the golden folder, JSONL reading.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
export const wasmDir = join(here, '..');
export const goldenDir = join(here, '..', '..', '..', 'tests', 'golden');

// pkg-node/ is wasm-bindgen's CommonJS output (--target nodejs), built by scripts/test-wasm.sh.
export const rx = createRequire(import.meta.url)('../pkg-node/renxing_wasm.js');

export const TOL = 1e-9;

export function golden(path) {
  return readFileSync(join(goldenDir, path), 'utf8');
}

export function goldenFiles(sub, ext) {
  return readdirSync(join(goldenDir, sub)).filter((f) => f.endsWith(ext)).sort();
}

/** The JSON objects of a .jsonl file (lines starting with # are comments). */
export function jsonl(name) {
  return golden(name)
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => JSON.parse(l));
}

/** The framework of a vector: undefined = the paper's (the package's default). */
export function frameworkOf(path) {
  if (path == null) return undefined;
  return rx.parseFramework({ text: golden(path), format: path.endsWith('.toml') ? 'toml' : 'json' });
}

/** A path of keys and indices in the core's dotted display (`ratings.rules`, `codes[0][1]`). */
export function dotted(path) {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export function close(actual, expected, what) {
  if (expected === null) {
    assert.equal(actual, null, what);
    return;
  }
  assert.equal(typeof actual, 'number', `${what}: expected a number, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= TOL, `${what}: ${actual} != ${expected}`);
}

/** Calls fn, expects a thrown renxing error (the shape every function throws) and returns it. */
export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, 'a JS Error is thrown');
    assert.equal(typeof e.code, 'string');
    assert.match(e.kind, /Error$/);
    assert.equal(e.name, e.kind, 'name is the error family');
    assert.ok(e.path === null || Array.isArray(e.path), 'path is a list of keys and indices, or null');
    assert.ok(Array.isArray(e.issues), 'issues is an array');
    for (const i of e.issues) assert.ok(Array.isArray(i.path) && typeof i.message === 'string');
    return e;
  }
  assert.fail('expected an error');
}
