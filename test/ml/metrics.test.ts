import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averagePrecision, bestF1Threshold, logLoss, precisionRecallF1, prAuc, rocAuc } from '../../src/ml/metrics.js';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);
const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
const labels = [1, 0, 1, 1, 0, 0];

test('average precision on a 6-element example (scikit-learn definition)', () => {
  // thresholds from the top: R=1/3 P=1; R=1/3 P=1/2; R=2/3 P=2/3; R=1 P=3/4; …
  // AP = 1/3·1 + 1/3·2/3 + 1/3·3/4 = 0.805555…
  close(averagePrecision(scores, labels), 1 / 3 + 2 / 9 + 1 / 4);
  assert.equal(prAuc, averagePrecision);
  // tied scores form one threshold: 0.8 holds a positive and a negative
  close(averagePrecision([0.9, 0.8, 0.8, 0.6, 0.5, 0.4], labels), 1 / 3 + (1 / 3) * (2 / 3) + (1 / 3) * (3 / 4));
  // ranking the negative first at a tie would change nothing: the tie is one step
  close(averagePrecision([0.8, 0.8, 0.1], [0, 1, 0]), 0.5);
  close(averagePrecision([1, 0], [1, 0]), 1);
  assert.ok(Number.isNaN(averagePrecision([0.3, 0.2], [0, 0])));
});

test('ROC-AUC counts ties as half', () => {
  close(rocAuc(scores, labels), 7 / 9);
  close(rocAuc([0.9, 0.8, 0.8, 0.6, 0.5, 0.4], labels), 7.5 / 9);
  close(rocAuc([0.5, 0.5, 0.5], [1, 0, 1]), 0.5);
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [1, 1])));
});

test('precision, recall and F1 at a threshold', () => {
  const m = precisionRecallF1(scores, labels, 0.65);
  assert.deepEqual([m.tp, m.fp, m.fn, m.tn], [2, 1, 1, 2]);
  close(m.precision, 2 / 3);
  close(m.recall, 2 / 3);
  close(m.f1, 2 / 3);
  // the threshold itself counts as positive
  assert.equal(precisionRecallF1(scores, labels, 0.6).tp, 3);
  const none = precisionRecallF1(scores, labels, 2);
  assert.deepEqual([none.precision, none.recall, none.f1], [0, 0, 0]);
});

test('bestF1Threshold picks the score with the highest F1', () => {
  // F1 by threshold: 0.9 → 1/2, 0.8 → 2/5, 0.7 → 2/3, 0.6 → 6/7, 0.5 → 3/4, 0.4 → 2/3
  const b = bestF1Threshold(scores, labels);
  assert.equal(b.threshold, 0.6);
  close(b.f1, 6 / 7);
  close(b.precision, 3 / 4);
  assert.equal(b.recall, 1);
  assert.deepEqual(precisionRecallF1(scores, labels, b.threshold), b);
});

test('log-loss with clipping', () => {
  close(logLoss([0.9, 0.2], [1, 0]), -(Math.log(0.9) + Math.log(0.8)) / 2);
  // p = 1 for a negative and p = 0 for a positive are clipped to 1 − 1e-15 and 1e-15
  close(logLoss([1, 0], [0, 1]), -(Math.log(1 - (1 - 1e-15)) + Math.log(1e-15)) / 2);
  assert.throws(() => logLoss([0.5], [1, 0]), /differ in length/);
});
