// The whole code space of the paper's framework (4^8 = 65,536 rows of codes 0..=3, 0 = not
// rated) through the WebAssembly build: equal bit for bit to the native build (the digests in
// codespace.json, written by tests/codespace.rs from the native engine) and to the same rows
// scored in batches too small for the row tables (the kernel's own path inside WebAssembly).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rx, wasmDir } from './helpers.mjs';

// FNV-1a (32 bits) of an array's little-endian bytes, as in tests/codespace.rs
function fnv1a(typed) {
  const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h;
}

const ROWS = 65536;
const codes = new Uint8Array(ROWS * 8);
for (let i = 0; i < ROWS; i++) for (let j = 0; j < 8; j++) codes[i * 8 + j] = (i >> (2 * j)) & 3;
const KEYS = ['overallScore', 'overallLevel', 'attributeScore', 'attributeLevel', 'rated'];

test('codespace.json: the WASM outputs on all 4^8 rows equal the native ones bit for bit', () => {
  const file = JSON.parse(readFileSync(join(wasmDir, 'tests', 'codespace.json'), 'utf8'));
  assert.equal(file.rows, ROWS);
  assert.ok(file.configs.length >= 6, 'read the configurations');
  for (const { options, digests, levels_of_first_rows: first } of file.configs) {
    const out = rx.scoreCodes(codes, { options, unrated: true });
    assert.equal(out.rows, ROWS);
    assert.deepEqual(Array.from(out.overallLevel.slice(0, 16)), first, `${JSON.stringify(options)}: first rows`);
    for (const key of KEYS) {
      assert.equal(fnv1a(out[key]), digests[key], `${JSON.stringify(options)}: ${key}`);
    }
  }
});

test('the row tables equal the kernel inside WASM (batches of 63 rows) on all 4^8 rows', () => {
  for (const method of ['mean', 'median', 'minimum', 'capped_mean']) {
    const whole = rx.scoreCodes(codes, { options: { method }, unrated: true });
    const fw = rx.Framework.paper();
    for (let start = 0; start < ROWS; start += 63) {
      const end = Math.min(ROWS, start + 63);
      const part = fw.scoreCodes(codes.subarray(start * 8, end * 8), { options: { method }, unrated: true });
      for (const key of KEYS) {
        const w = whole[key].length / ROWS;
        const a = new Uint8Array(whole[key].buffer, whole[key].byteOffset + start * w * whole[key].BYTES_PER_ELEMENT, (end - start) * w * whole[key].BYTES_PER_ELEMENT);
        const b = new Uint8Array(part[key].buffer, part[key].byteOffset, part[key].byteLength);
        if (!a.every((x, i) => x === b[i])) assert.fail(`${method}: ${key} differs in rows ${start}..${end}`);
      }
    }
    fw.free();
  }
});

test('a bad code in a large batch is reported at its row and column, as in a small one', () => {
  const bad = codes.slice(0, 1000 * 8).map((c) => c || 1);
  bad[777 * 8 + 5] = 4;
  bad[901 * 8 + 2] = 0;
  let e;
  try {
    rx.scoreCodes(bad);
  } catch (err) {
    e = err;
  }
  assert.equal(e?.code, 'batch_input');
  assert.deepEqual(e.path, ['codes', 777, 5]);
  // code 0 refused unless allowed: the first row holding one
  bad[777 * 8 + 5] = 2;
  assert.throws(() => rx.scoreCodes(bad), (err) => err.code === 'batch_input' && err.path.join() === 'codes,901,2');
  assert.equal(rx.scoreCodes(bad, { unrated: true }).rated[901], 7);
});

test('scored into the caller\'s arrays (`out`): the same bits, the same arrays, and a bad code in a late block', () => {
  const fw = rx.Framework.paper();
  for (const method of ['mean', 'median']) {
    const fresh = fw.scoreCodes(codes, { options: { method }, unrated: true });
    // stale values first: every element must be written
    const out = {
      overallScore: new Float64Array(ROWS).fill(-1),
      overallLevel: new Uint8Array(ROWS).fill(9),
      attributeScore: new Float64Array(ROWS * 3).fill(-1),
      attributeLevel: new Uint8Array(ROWS * 3).fill(9),
      rated: new Uint16Array(ROWS).fill(99),
    };
    const into = fw.scoreCodes(codes, { options: { method }, unrated: true, out });
    for (const key of KEYS) {
      assert.equal(into[key], out[key], `${key}: the caller's array is returned`);
      assert.equal(fnv1a(out[key]), fnv1a(fresh[key]), `${method}: ${key} into out`);
    }
  }
  // a bad code near the end (its block is not the first): row and column counted from the start
  const bad = codes.map((c) => c || 1);
  bad[60001 * 8 + 6] = 7;
  assert.throws(() => fw.scoreCodes(bad), (err) => err.code === 'batch_input' && err.path.join() === 'codes,60001,6');
  fw.free();
});
