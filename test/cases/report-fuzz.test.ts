import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportGoaml } from '../../src/cases/report/goaml.js';
import { validateGoaml } from '../../src/cases/report/goaml-schema.js';
import { exportBstr } from '../../src/cases/report/pboc-bstr.js';
import { validatePboc } from '../../src/cases/report/pboc-schema.js';
import { reportFixture } from './helpers.js';

/** A small seeded generator (xorshift32), so a failure repeats. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Cuts, duplicates or rewrites a random span of the document. */
function mutate(doc: string, r: () => number): string {
  const i = Math.floor(r() * doc.length);
  const j = Math.min(doc.length, i + Math.floor(r() * 40));
  switch (Math.floor(r() * 4)) {
    case 0: return doc.slice(0, i) + doc.slice(j);
    case 1: return doc.slice(0, j) + doc.slice(i, j) + doc.slice(j);
    case 2: return doc.slice(0, i) + String.fromCharCode(32 + Math.floor(r() * 0x4e00)) + doc.slice(i);
    default: return doc.slice(0, i) + '<X>@N</X>' + doc.slice(i);
  }
}

test('validators never throw on mangled documents, and refuse most of them', () => {
  const pboc = exportBstr(reportFixture());
  const goaml = exportGoaml(reportFixture());
  assert.ok(pboc.ok && goaml.ok);
  const r = rng(20260601);
  let refused = 0;
  for (let k = 0; k < 400; k++) {
    for (const [doc, check] of [[pboc.content, validatePboc], [goaml.content, validateGoaml]] as const) {
      const bad = mutate(doc, r);
      const problems = check(bad);
      assert.ok(Array.isArray(problems) && problems.every((p) => typeof p === 'string' && p.length > 0));
      if (problems.length) refused++;
    }
  }
  assert.ok(refused > 400, `most mutations are refused (${refused} of 800)`);
  for (const junk of ['', '<', '<?xml version="1.0"?>', '<BSTR>', '<a><b></a></b>', '\u0000', '<report/>', '<BSTR/>', '<HVTR><RBIF/></HVTR>']) {
    assert.ok(validatePboc(junk).length > 0, JSON.stringify(junk));
    assert.ok(validateGoaml(junk).length > 0, JSON.stringify(junk));
  }
});
