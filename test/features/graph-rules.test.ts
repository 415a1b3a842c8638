import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Transaction } from '../../src/domain/transaction.js';
import { featureSchema } from '../../src/features/catalog.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { loadRuleFiles } from '../../src/rules/load.js';
import type { RuleEvaluation } from '../../src/rules/ruleset.js';
import { HOUR, MIN, T0, tx } from './helpers.js';

// The graph-pattern rule pack against the feature schema, on hand-set vectors and on
// transactions run through the extractor.

const PACK = fileURLToPath(new URL('../../../rules/graph-patterns.yaml', import.meta.url));
const schema = featureSchema(DEFAULT_FEATURE_CONFIG);
const rules = loadRuleFiles([PACK], schema);

function vector(values: Record<string, number>): Float64Array {
  const v = new Float64Array(schema.names.length);
  for (const [k, x] of Object.entries(values)) {
    const i = schema.index.get(k);
    if (i === undefined) throw new Error(`unknown feature ${k}`);
    v[i] = x;
  }
  return v;
}
const fired = (r: RuleEvaluation): string[] => r.reasons.map((x) => x.rule).sort();
const base = tx('A', 'B', T0, 100);

test('the pack loads against the feature schema, in both languages', () => {
  assert.ok(rules.rules.length >= 12);
  assert.deepEqual(rules.typologies.map((t) => t.id), ['graph.layering', 'graph.fraud_ring', 'graph.listed_proximity']);
  for (const r of rules.rules) assert.ok(r.description.en.length > 10 && /[\u4e00-\u9fff]/.test(r.description.zh), r.id);
});

test('a transaction with no pattern is quiet (every pattern feature reads 0 when absent)', () => {
  const r = rules.evaluate(vector({ amount: 50_000, from_out_uniq_24h: 2, from_in_uniq_24h: 2 }), base);
  assert.equal(r.decision, 'ALLOW');
  assert.deepEqual(fired(r), []);
  const ex = new FeatureExtractor(DEFAULT_FEATURE_CONFIG);
  const v = ex.newVector();
  ex.apply(tx('A', 'B', T0, 1000), v);
  assert.deepEqual(fired(rules.evaluate(v, base)), []);
});

test('shapes review alone and block together; round trips only corroborate', () => {
  const sg = rules.evaluate(vector({ sg_source_intermediates: 4, amount_pop_pct: 0.6 }), base);
  assert.deepEqual(fired(sg), ['graph.scatter_gather']);
  assert.equal(sg.decision, 'REVIEW');
  assert.deepEqual(fired(rules.evaluate(vector({ sg_source_intermediates: 4, amount_pop_pct: 0.4 }), base)), [], 'a small transfer is no material scatter-gather');
  const cycle = rules.evaluate(vector({ cycle_len: 4, cycle_count: 1, amount_pop_pct: 0.95 }), base);
  assert.deepEqual(fired(cycle), ['graph.cycle']);
  assert.equal(cycle.decision, 'ALLOW', 'a 30-day round trip alone happens by chance in a busy graph');
  assert.deepEqual(fired(rules.evaluate(vector({ cycle_len: 2, cycle_count: 1, amount_pop_pct: 0.95 }), base)), [], 'a loan and its repayment');
  const both = rules.evaluate(vector({ cycle_len: 3, cycle_count: 2, amount_pop_pct: 0.95, from_passthrough: 0.95, to_passthrough: 0.92 }), base);
  assert.deepEqual(fired(both), ['graph.cycle', 'graph.cycle_repeated', 'graph.layering_chain']);
  assert.equal(both.decision, 'BLOCK');
});

test('no rule of the pack compares money with a fixed sum (scale-free on any currency)', () => {
  // Money-valued features: the amount and every sum, mean, max or spread of amounts.
  const money = /^(amount|(from|to|pair)_\w*(sum|mean|max|std)\w*)$/;
  for (const r of rules.rules) {
    const compared = [...r.expression.matchAll(/([a-z_0-9]+)\s*(>=|<=|>|<|==)\s*[\d.]+/g)].map((m) => m[1]);
    assert.deepEqual(compared.filter((f) => money.test(f)), [], `${r.id}: ${r.expression}`);
  }
});

test('listed proximity: the party itself blocks, one hop reviews, two hops only notes', () => {
  assert.equal(rules.evaluate(vector({ to_listed_near: 1, from_listed_near: 0.5 }), base).decision, 'BLOCK');
  const one = rules.evaluate(vector({ from_listed_near: 0.5 }), base);
  assert.deepEqual(fired(one), ['graph.listed_one_hop']);
  assert.equal(one.decision, 'REVIEW');
  const two = rules.evaluate(vector({ to_listed_near: 1 / 3 }), base);
  assert.deepEqual(fired(two), ['graph.listed_two_hops']);
  assert.equal(two.decision, 'ALLOW');
  assert.deepEqual(fired(rules.evaluate(vector({ to_listed_near: 0.25 }), base)), []);
});

test('end to end: a source scattering through intermediates into one sink is flagged at the closing transfers', () => {
  const txs: Transaction[] = [];
  for (let i = 0; i < 4; i++) txs.push(tx('SRC', `M${i}`, T0 + i * MIN, 30_000));
  for (let i = 0; i < 4; i++) txs.push(tx(`M${i}`, 'SINK', T0 + HOUR + i * 10 * MIN, 29_500));
  const ex = new FeatureExtractor(DEFAULT_FEATURE_CONFIG);
  const v = ex.newVector();
  const decisions = txs.map((t) => {
    ex.apply(t, v);
    return fired(rules.evaluate(v, t));
  });
  assert.deepEqual(decisions.slice(0, 6), [[], [], [], [], [], []]);
  assert.ok(decisions[6].includes('graph.scatter_gather'));
  assert.ok(decisions[7].includes('graph.scatter_gather'));
});
