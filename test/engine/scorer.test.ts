import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NEW_LINK_CYCLE_REASON, type Verdict } from '../../src/domain/decision.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { supervisedReview } from '../../src/engine/gangs.js';
import { ModelEvaluator, saveDetectionModel } from '../../src/engine/model.js';
import { Scorer, type Evaluation } from '../../src/engine/scorer.js';
import { trainGbdt } from '../../src/ml/train.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';
import { FeatureExtractor } from '../../src/features/extractor.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const tx = (id: string, from: string, to: string, day: number): Transaction => ({ id, time: T0 + day * DAY, from, to, amount: 100, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' });
const LOOP = [tx('1', 'A', 'B', 0), tx('2', 'B', 'C', 1), tx('3', 'C', 'D', 1), tx('4', 'D', 'A', 2)];

/** The closing transfer's reasons when the evaluator decides `decision` and the rules alone `rules`. */
function closing(decision: Verdict, rules?: Verdict): string[] {
  const evaluation: Evaluation = { score: 0.1, decision, reasons: [], ...(rules ? { rules } : {}) };
  const scorer = new Scorer(new FeatureExtractor(DEFAULT_FEATURE_CONFIG), { evaluate: () => evaluation });
  const decisions = LOOP.map((t) => scorer.score(t));
  const last = decisions[decisions.length - 1];
  assert.equal(last.decision, decision, 'the scorer keeps the evaluator\'s verdict');
  return last.reasons.filter((r) => r.rule === NEW_LINK_CYCLE_REASON).map((r) => r.accounts!.join(' '));
}

test('a closed loop of first-time links is named on an alert, and on an allowed transfer only when the rules flagged it', () => {
  assert.deepEqual(closing('REVIEW'), ['A B C D'], 'an alert names its loop');
  assert.deepEqual(closing('ALLOW', 'REVIEW'), ['A B C D'], 'the model allowed what the rules flagged: the loop is still named');
  assert.deepEqual(closing('ALLOW', 'ALLOW'), [], 'neither flagged it');
  assert.deepEqual(closing('ALLOW'), [], 'rules alone allowed it');
});

test('a model that allows what the rules flag says so: its evaluation carries the rules\' verdict', () => {
  const names = new FeatureExtractor(DEFAULT_FEATURE_CONFIG).names;
  const rows = 200;
  const X = new Float64Array(rows);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    X[i] = i / rows;
    y[i] = i >= rows / 2 ? 1 : 0;
  }
  const gbdt = trainGbdt({ rows, features: 1, X, y, featureNames: [names[0]] }, { nTrees: 5, maxDepth: 2 });
  const flagged: Evaluation = { score: 0.5, decision: 'REVIEW', reasons: [{ rule: 'shape.cycle_new_links', weight: 0.5, values: [] }] };
  const model = new ModelEvaluator({ evaluate: () => flagged }, { gbdt, review: 0.5, block: Infinity, training: {} }, names);
  const low = new Float64Array(names.length);
  const high = new Float64Array(names.length).fill(0.9);
  const allowed = model.evaluate(low, LOOP[0]);
  assert.equal(allowed.decision, 'ALLOW');
  assert.equal(allowed.rules, 'REVIEW');
  assert.deepEqual(allowed.reasons.map((r) => r.rule), ['shape.cycle_new_links'], 'the rules\' reasons stay as explanations');
  const alerted = model.evaluate(high, LOOP[0]);
  assert.equal(alerted.decision, 'REVIEW');
  assert.equal(alerted.reasons[0].rule, 'model');
});

test('the gang finder reads the supervised model\'s review threshold from the --model list (none without one)', () => {
  const names = new FeatureExtractor(DEFAULT_FEATURE_CONFIG).names;
  const X = Float64Array.from({ length: 100 }, (_, i) => i / 100);
  const y = Uint8Array.from({ length: 100 }, (_, i) => (i >= 50 ? 1 : 0));
  const gbdt = trainGbdt({ rows: 100, features: 1, X, y, featureNames: [names[0]] }, { nTrees: 3, maxDepth: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'rw-review-'));
  try {
    const path = join(dir, 'm.json');
    saveDetectionModel(path, { gbdt, review: 0.42, block: Infinity, training: {} });
    assert.equal(supervisedReview(path), 0.42);
    assert.equal(supervisedReview(undefined), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
