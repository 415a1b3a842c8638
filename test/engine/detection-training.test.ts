import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyAlertBudget, parseAlertRate, thresholdForRate } from '../../src/engine/alert-budget.js';
import { AnomalyEvaluator, percentileOf, trainAnomalyModel } from '../../src/engine/anomaly.js';
import type { Evaluator } from '../../src/engine/scorer.js';
import { chooseReviewThreshold, trainDetectionModel } from '../../src/engine/training.js';
import { averageModels, averagePrecision, bestF1Threshold, f1Plateau, predictBatch, predictMarginBatch, trainGbdt, type Dataset } from '../../src/ml/index.js';
import { createRng } from '../../src/ml/prng.js';
import type { Transaction } from '../../src/domain/transaction.js';

/** Two informative features (shifted for positives) and one of noise. */
function dataset(seed: number, rows: number, positives: number, shift: number): Dataset {
  const rnd = createRng(seed);
  const X = new Float64Array(rows * 3);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const pos = r < positives;
    y[r] = pos ? 1 : 0;
    X[r * 3] = rnd() + (pos ? shift : 0);
    X[r * 3 + 1] = rnd() + (pos ? shift / 2 : 0);
    X[r * 3 + 2] = rnd();
  }
  return { rows, features: 3, X, y, featureNames: ['a', 'b', 'noise'] };
}

test('F1 plateau: a validation slice whose positives all rank first gives the whole gap between classes', () => {
  const scores = [0.95, 0.9, 0.85, 0.2, 0.1, 0.05];
  const labels = [1, 1, 1, 0, 0, 0];
  const p = f1Plateau(scores, labels, 0.02);
  assert.equal(p.best.f1, 1);
  assert.equal(p.hi, 0.85);
  assert.equal(p.lo, 0.2, 'exclusive lower end: the highest negative');
  const { threshold, rule } = chooseReviewThreshold(Float64Array.from([...scores, 0.9, 0.88, 0.86, 0.87, 0.92]), Uint8Array.from([...labels, 1, 1, 1, 1, 1]), 0.01);
  assert.ok(threshold > 0.2 && threshold <= 0.85, `${threshold}`);
  assert.ok(threshold > 0.4 && threshold < 0.7, `the middle in log-odds, not an edge: ${threshold}`);
  assert.match(rule, /middle of the validation F1 plateau/);
});

test('a tiny validation slice sets the threshold by the training alert rate instead', () => {
  const probs = Float64Array.from({ length: 1000 }, (_, i) => i / 1000);
  const y = new Uint8Array(1000);
  y[999] = 1;
  y[998] = 1;
  const { threshold, rule } = chooseReviewThreshold(probs, y, 0.01);
  assert.equal(threshold, 0.99, '1 % of the slice flagged');
  assert.match(rule, /alert rate of the training slice/);
});

test('training on a saturated validation slice keeps learning past the first rounds and picks a sound threshold', () => {
  const train = dataset(1, 3000, 30, 3);
  const valid = dataset(2, 1500, 12, 3);
  const model = trainDetectionModel(train, valid, { nTrees: 120, seed: 3 });
  assert.ok(model.gbdt.forest.nTrees >= 50, `at least the minimum rounds: ${model.gbdt.forest.nTrees}`);
  assert.equal(model.training.valid_best_f1, 1, 'the slice separates perfectly');
  assert.ok(model.review > 0.05 && model.review < 0.999, `${model.review}`);
  const search = model.training.search as Array<{ maxDepth: number }>;
  assert.equal(search.length, 4, 'depth × class weight searched');
  assert.ok(typeof (model.training.chosen as { why: string }).why === 'string');
  const again = trainDetectionModel(train, valid, { nTrees: 120, seed: 3 });
  assert.deepEqual(again.gbdt.forest, model.gbdt.forest, 'deterministic for a seed');
});

test('alert budget: the review threshold flags the calibration slice at the target rate', () => {
  assert.equal(parseAlertRate('30/10000'), 0.003);
  assert.equal(parseAlertRate('0.5%'), 0.005);
  assert.throws(() => parseAlertRate('12'), /--alert-rate/);
  const scores = Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 20_000 / 20_000);
  const t = thresholdForRate(scores, 0.003);
  assert.equal(scores.filter((s) => s >= t).length, 60);
  const train = dataset(4, 4000, 40, 2);
  const valid = dataset(5, 10_000, 30, 2);
  const model = trainDetectionModel(train, valid, { nTrees: 60, seed: 1 }, []);
  applyAlertBudget(model, valid, 0.01);
  const reached = model.training.alert_rate_reached as number;
  assert.ok(reached > 0.002 && reached <= 0.01, `at most the budget (ties are never split): reached ${reached}`);
  assert.match(String(model.training.review_rule), /alert budget 100\.0 per 10,000 .* reached/);
  const tied = [0.1, 0.1, 0.1, 0.1, 0.5, 0.9];
  assert.equal(thresholdForRate(tied, 0.5), 0.5, 'a tie at the cut moves the threshold up, never splits');
});

test('anomaly model: injected outliers outrank ordinary traffic, with the features that made them unusual', () => {
  const names = ['pair_first', 'from_out_amount_z', 'from_passes_last_in'];
  const rnd = createRng(9);
  const rows = 5000;
  const X = new Float64Array(rows * 3);
  for (let r = 0; r < rows; r++) {
    X[r * 3] = rnd() < 0.2 ? 1 : 0;
    X[r * 3 + 1] = rnd() * 2 - 1;
    X[r * 3 + 2] = rnd() < 0.001 ? 1 : 0;
  }
  for (const method of ['hbos', 'iforest'] as const) {
    const model = trainAnomalyModel(X, rows, names, 0.01, method, 1);
    const quiet: Evaluator = { evaluate: () => ({ score: 0, decision: 'ALLOW', reasons: [] }) };
    const ev = new AnomalyEvaluator(quiet, model, names);
    const tx = { id: 'x' } as Transaction;
    const outlier = ev.evaluate(Float64Array.from([1, 6, 1]), tx);
    const ordinary = ev.evaluate(Float64Array.from([0, 0.1, 0]), tx);
    assert.ok(outlier.score > ordinary.score, `${method}: ${outlier.score} > ${ordinary.score}`);
    assert.equal(outlier.decision, 'REVIEW', method);
    assert.equal(ordinary.decision, 'ALLOW', method);
    assert.equal(outlier.reasons[0].rule, 'anomaly');
    assert.ok(outlier.reasons[0].values.some(([n]) => n === 'from_out_amount_z'), method);
  }
  assert.equal(percentileOf([1, 2, 3, 4], 2.5), 0.5);
  assert.throws(() => new AnomalyEvaluator({ evaluate: () => ({ score: 0, decision: 'ALLOW', reasons: [] }) }, trainAnomalyModel(X, rows, names, 0.01), ['pair_first']), /from_out_amount_z/);
});

test('the search: the average of the candidates wins when it ranks the validation slice at least as well; one candidate is never averaged', () => {
  // Saturated: every candidate separates the slice, so the average (a tie) is taken.
  const train = dataset(1, 3000, 30, 3);
  const valid = dataset(2, 1500, 12, 3);
  const model = trainDetectionModel(train, valid, { nTrees: 120, seed: 3 });
  const chosen = model.training.chosen as { kind: string; trees: number; validPrAuc: number; why: string };
  const trials = model.training.search as Array<{ trees: number; validPrAuc: number }>;
  assert.equal(chosen.kind, 'average');
  assert.equal(chosen.trees, trials.reduce((n, t) => n + t.trees, 0), 'every candidate\'s trees');
  assert.equal(model.gbdt.forest.nTrees, chosen.trees);
  assert.ok(chosen.validPrAuc >= Math.max(...trials.map((t) => t.validPrAuc)) - 1e-9);
  assert.match(chosen.why, /average of the 4 candidates/);
  // A harder slice where the rule must still hold: the average is taken only when it is no worse.
  const hard = trainDetectionModel(dataset(6, 3000, 60, 0.6), dataset(7, 2000, 40, 0.6), { nTrees: 80, seed: 2 });
  const c = hard.training.chosen as { kind: string; validPrAuc: number };
  const best = Math.max(...(hard.training.search as Array<{ validPrAuc: number }>).map((t) => t.validPrAuc));
  if (c.kind === 'average') assert.ok(c.validPrAuc >= best - 1e-9);
  else assert.equal(c.validPrAuc, best);
  // One candidate (no search): that model, described by its parameters.
  const single = trainDetectionModel(train, valid, { nTrees: 60, seed: 3, maxDepth: 3 }, []);
  const s = single.training.chosen as { kind: string; maxDepth: number; why: string };
  assert.equal(s.kind, 'single');
  assert.equal(s.maxDepth, 3);
  assert.equal(s.why, 'only candidate');
});

test('bagging: the winner is trained again with the following seeds and the log-odds of all are averaged', () => {
  const train = dataset(6, 3000, 60, 0.6);
  const valid = dataset(7, 2000, 40, 0.6);
  const options = { nTrees: 60, seed: 3, maxDepth: 3, subsample: 0.8, colsampleByTree: 0.8 };
  const model = trainDetectionModel(train, valid, options, [], 3);
  const chosen = model.training.chosen as { kind: string; seeds: number; trees: number; validPrAuc: number; maxDepth: number; why: string };
  assert.equal(chosen.kind, 'bagged');
  assert.equal(chosen.seeds, 3);
  assert.equal(chosen.maxDepth, 3);
  assert.match(chosen.why, /trained with 3 sampling seeds and averaged: validation PR-AUC/);
  // By hand: the same candidate with seeds 3, 4 and 5, each stopped early on the slice, averaged.
  const positives = train.y.reduce((n, v) => n + v, 0);
  const members = [3, 4, 5].map((seed) =>
    trainGbdt(train, {
      ...options, seed, learningRate: 0.1, scalePosWeight: (train.rows - positives) / positives,
      valid, earlyStoppingRounds: 50, earlyStoppingMetric: 'logloss', minRounds: 50,
    }),
  );
  assert.notDeepEqual(members[0].forest, members[1].forest, 'sampling makes the seeds differ');
  const byHand = averageModels(members);
  const margins = (m: typeof byHand): number[] => Array.from(predictMarginBatch(m, valid.X, valid.rows));
  assert.deepEqual(margins(model.gbdt), margins(byHand), 'the same margin on every validation row');
  assert.equal(model.gbdt.forest.nTrees, byHand.forest.nTrees);
  assert.equal(model.gbdt.baseScore, byHand.baseScore);
  assert.equal(chosen.trees, members.reduce((n, m) => n + m.forest.nTrees, 0));
  assert.equal(chosen.validPrAuc, averagePrecision(predictBatch(byHand, valid.X, valid.rows), valid.y), 'the bag\'s own validation PR-AUC');
  assert.equal(model.gbdt.metrics.validPrAuc, chosen.validPrAuc);
  // The thresholds are read off the bag's predictions.
  assert.equal(model.training.valid_best_f1, bestF1Threshold(predictBatch(byHand, valid.X, valid.rows), valid.y).f1);
  // One seed, or no sampling (every seed would grow the same trees): no bag.
  assert.equal((trainDetectionModel(train, valid, options, [], 1).training.chosen as { kind: string }).kind, 'single');
  const unsampled = trainDetectionModel(train, valid, { nTrees: 60, seed: 3, maxDepth: 3 }, [], 3);
  assert.equal((unsampled.training.chosen as { kind: string }).kind, 'single');
  assert.deepEqual(margins(trainDetectionModel(train, valid, options, [], 3).gbdt), margins(model.gbdt), 'deterministic for a seed');
});
