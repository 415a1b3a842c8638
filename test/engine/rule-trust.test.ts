import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reason } from '../../src/domain/decision.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { loadDetectionModel, ModelEvaluator, saveDetectionModel, type DetectionModel } from '../../src/engine/model.js';
import { RuleTally } from '../../src/engine/rule-trust.js';
import type { Evaluation } from '../../src/engine/scorer.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { trainGbdt } from '../../src/ml/train.js';

const hit = (rule: string): Reason => ({ rule, weight: 0.5, values: [] });
const VERSIONS = new Map([['mule', 2], ['fan', 1], ['rare', 1]]);

test('a rule is trusted with at least 10 positive hits that are at least 95 % of its hits; other reasons are not counted', () => {
  const tally = new RuleTally(VERSIONS);
  // mule: 20 positive hits, 1 negative (20/21 = 0.952); fan: 19 positive, 1 negative (0.950) and
  // then 1 more negative (19/21 = 0.905); rare: 9 positive, none negative (too few).
  for (let i = 0; i < 20; i++) tally.observe([hit('mule'), hit('model')], 1);
  tally.observe([hit('mule')], 0);
  for (let i = 0; i < 19; i++) tally.observe([hit('fan')], 1);
  tally.observe([hit('fan')], 0);
  tally.observe([hit('fan'), hit('screening.counterparty')], 0);
  for (let i = 0; i < 9; i++) tally.observe([hit('rare')], 1);
  assert.deepEqual(tally.trusted(), [{ id: 'mule', version: 2, hits: 21, positives: 20 }]);
  // The bars are parameters: at 9 positives and 90 % all three qualify.
  assert.deepEqual(tally.trusted(9, 0.9).map((t) => t.id), ['fan', 'mule', 'rare']);
});

const tx: Transaction = { id: 't1', time: Date.UTC(2026, 0, 1), from: 'A', to: 'B', amount: 100, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' };

function model(trustedRules: DetectionModel['trustedRules']): { m: DetectionModel; names: readonly string[] } {
  const names = new FeatureExtractor(DEFAULT_FEATURE_CONFIG).names;
  const X = Float64Array.from({ length: 200 }, (_, i) => i / 200);
  const y = Uint8Array.from({ length: 200 }, (_, i) => (i >= 100 ? 1 : 0));
  const gbdt = trainGbdt({ rows: 200, features: 1, X, y, featureNames: [names[0]] }, { nTrees: 5, maxDepth: 2 });
  return { m: { gbdt, review: 0.5, block: Infinity, trustedRules, training: {} }, names };
}

test('a trusted rule raises REVIEW where the model allows, with its reason; untrusted or re-versioned rules stay reasons', () => {
  const { m, names } = model([{ id: 'mule', version: 2, hits: 48, positives: 48 }]);
  const low = new Float64Array(names.length);
  const rules = (rule: string): { evaluate(): Evaluation } => ({ evaluate: () => ({ score: 0.5, decision: 'REVIEW', reasons: [hit(rule)] }) });
  const trusted = new ModelEvaluator(rules('mule'), m, names, VERSIONS).evaluate(low, tx);
  assert.equal(trusted.decision, 'REVIEW');
  assert.ok(trusted.score < 0.5, 'the score stays the model\'s probability');
  assert.deepEqual(trusted.reasons.map((r) => r.rule), ['mule']);
  assert.equal(new ModelEvaluator(rules('fan'), m, names, VERSIONS).evaluate(low, tx).decision, 'ALLOW', 'fan was not trusted');
  const changed = new Map([...VERSIONS, ['mule', 3]]);
  assert.equal(new ModelEvaluator(rules('mule'), m, names, changed).evaluate(low, tx).decision, 'ALLOW', 'mule v3 was not measured');
  assert.equal(new ModelEvaluator(rules('mule'), { ...m, trustedRules: [] }, names, VERSIONS).evaluate(low, tx).decision, 'ALLOW');
});

test('the model file keeps the trusted rules, reads files without them, and names a malformed list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-trust-'));
  try {
    const path = join(dir, 'm.json');
    const { m } = model([{ id: 'mule', version: 2, hits: 48, positives: 47 }]);
    saveDetectionModel(path, m);
    assert.deepEqual(loadDetectionModel(path).trustedRules, [{ id: 'mule', version: 2, hits: 48, positives: 47 }]);
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    delete raw.rules;
    assert.deepEqual(loadDetectionModel(path, raw).trustedRules, [], 'a model file from before trusted rules');
    raw.rules = { trusted: [{ id: 'mule', version: 2, hits: 3, positives: 5 }] };
    writeFileSync(path, JSON.stringify(raw));
    assert.throws(() => loadDetectionModel(path), /rules\.trusted\[0\]/);
    raw.rules = { trusted: 'mule' };
    assert.throws(() => loadDetectionModel(path, raw), /rules\.trusted must be a list/);
    raw.rules = null;
    assert.throws(() => loadDetectionModel(path, raw), /rules must be an object/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
