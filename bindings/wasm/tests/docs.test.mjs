// Runs the tested example of docs/wasm.md (the ```js block after "<!-- tested: docs.test.mjs -->").
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { rx, wasmDir } from './helpers.mjs';

test('docs/wasm.md: the Node example runs', () => {
  const md = readFileSync(join(wasmDir, '..', '..', 'docs', 'wasm.md'), 'utf8');
  const m = /<!-- tested: docs\.test\.mjs -->\s*```js\n([\s\S]*?)```/.exec(md);
  assert.ok(m, 'the tested example is present');
  const realRequire = createRequire(import.meta.url);
  const req = (id) => (id === './pkg-node/renxing_wasm.js' ? rx : realRequire(id));
  new Function('require', m[1])(req);
});
