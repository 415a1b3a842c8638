import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../src/security/canonical-json.js';
import { prng } from './helpers.js';

test('keys are sorted at every depth, with no whitespace', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } }), '{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}');
  assert.equal(canonicalJson({ é: 1, z: 2, Z: 3, '10': 4, '9': 5 }), '{"10":4,"9":5,"Z":3,"z":2,"é":1}');
});

test('strings and numbers are written as JSON.stringify writes them; undefined properties are left out', () => {
  assert.equal(canonicalJson({ s: '张三\n"\u2028', n: 1e21, m: -0, f: 0.1, u: undefined }), `{"f":0.1,"m":0,"n":1e+21,"s":${JSON.stringify('张三\n"\u2028')}}`);
  assert.equal(canonicalJson([undefined, 1]), '[null,1]');
  // eslint-disable-next-line no-sparse-arrays
  assert.equal(canonicalJson([1, , 2]), '[1,null,2]');
});

test('anything that is not JSON is refused with its path', () => {
  assert.throws(() => canonicalJson(undefined), /undefined is not JSON/);
  assert.throws(() => canonicalJson({ a: [1, Number.POSITIVE_INFINITY] }), /\$\.a\[1\]: Infinity is not a JSON number/);
  assert.throws(() => canonicalJson({ a: 1n }), /bigint is not JSON/);
  assert.throws(() => canonicalJson({ a: () => 1 }), /function is not JSON/);
  assert.throws(() => canonicalJson({ a: new Map() }), /Map object is not JSON/);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => canonicalJson(cyclic), /cycle/);
  let deep: unknown = 1;
  for (let i = 0; i < 70; i++) deep = [deep];
  assert.throws(() => canonicalJson(deep), /nested deeper than 64/);
  const shared = { x: 1 };
  assert.equal(canonicalJson({ a: shared, b: shared }), '{"a":{"x":1},"b":{"x":1}}', 'a repeated (non-cyclic) object is fine');
  assert.equal(canonicalJson(Object.assign(Object.create(null), { k: 1 })), '{"k":1}');
});

test('property: parse → canonical is a fixed point, and key order never matters', () => {
  const rand = prng(20260115);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const keys = ['a', 'b', 'Z', 'é', '张', '10', '2', '__proto__', 'constructor', ''];
  const value = (depth: number): unknown => {
    const r = rand();
    if (depth > 3 || r < 0.3) return pick([null, true, false, 0, -1.5, 1e-7, 12345678901234, 'x', '', '🀄', '\u0000\t']);
    if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
    const obj: Record<string, unknown> = {};
    for (let i = Math.floor(rand() * 5); i > 0; i--) Object.defineProperty(obj, pick(keys), { value: value(depth + 1), enumerable: true, configurable: true, writable: true });
    return obj;
  };
  for (let i = 0; i < 500; i++) {
    const v = value(0);
    const text = canonicalJson(v);
    assert.equal(canonicalJson(JSON.parse(text)), text);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const reversed = Object.fromEntries(Object.entries(v).reverse());
      assert.equal(canonicalJson(reversed), text);
    }
  }
});
