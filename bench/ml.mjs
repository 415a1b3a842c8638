// Gradient-boosted trees benchmark: a seeded synthetic fraud-like dataset (120,000 × 60, ≈2 %
// positives, NaN in some features), 200 trees of depth 6 without early stopping, then single-row
// inference and TreeSHAP explanation timings and holdout accuracy. If Debian's python3-xgboost is
// installed, the same data is written under /tmp and xgboost's PR-AUC is printed for comparison.
// Usage: npx tsc -p . && node bench/ml.mjs [rows] [trees]
// Prints: bench=gbdt rows=… features=… trees=… train_s=… predict_us=… explain_us=… pr_auc=… …
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { trainGbdt } from '../dist/src/ml/train.js';
import { predictBatch, predictProba } from '../dist/src/ml/predict.js';
import { explain } from '../dist/src/ml/explain.js';
import { averagePrecision, bestF1Threshold, rocAuc } from '../dist/src/ml/metrics.js';
import { createRng } from '../dist/src/ml/prng.js';

const ROWS = Number(process.argv[2] ?? 120_000);
const TREES = Number(process.argv[3] ?? 200);
const HOLDOUT = 30_000;
const D = 60;
const POSITIVE_RATE = 0.02;

/** Raw features and a latent score for `n` rows; the label comes later from the score. */
function generate(n, seed) {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const X = new Float64Array(n * D);
  const z = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const o = r * D;
    for (let f = 0; f < D; f++) {
      const kind = f % 6;
      let v;
      if (kind === 0) v = Math.exp(gauss() * 1.2 + 4); // amount-like, heavy tailed
      else if (kind === 1) v = Math.floor(-Math.log(1 - rng()) * 3); // count-like
      else if (kind === 2) v = rng(); // ratio
      else if (kind === 3) v = rng() < 0.1 ? 1 : 0; // flag
      else if (kind === 4) v = gauss();
      else v = f === 59 ? 1 : Math.round(gauss() * 10) / 10; // coarse; f59 constant
      if (f % 13 === 7 && rng() < 0.15) v = NaN; // missing values
      X[o + f] = v;
    }
    const amount = Math.log(X[o]);
    const velocity = X[o + 1];
    const ratio = X[o + 2];
    const flag = X[o + 3];
    const dev = Number.isNaN(X[o + 7]) ? 1 : 0; // missingness carries signal
    z[r] =
      0.9 * (amount - 4) +
      0.35 * velocity +
      1.6 * flag * (ratio > 0.7 ? 1 : 0) +
      0.8 * X[o + 4] * X[o + 10] +
      0.6 * Math.sin(3 * X[o + 16]) +
      0.7 * dev +
      0.5 * (X[o + 25] > 2 ? 1 : 0) +
      0.4 * Math.abs(X[o + 28]);
  }
  return { X, z };
}

const t0 = performance.now();
const train = generate(ROWS, 1);
const hold = generate(HOLDOUT, 2);
// intercept so that the mean positive probability on the training rows is POSITIVE_RATE
let lo = -40;
let hi = 40;
for (let k = 0; k < 60; k++) {
  const c = (lo + hi) / 2;
  let s = 0;
  for (let i = 0; i < ROWS; i++) s += 1 / (1 + Math.exp(-(train.z[i] + c)));
  if (s / ROWS > POSITIVE_RATE) hi = c;
  else lo = c;
}
const labelRng = createRng(3);
const label = (z) => {
  const y = new Uint8Array(z.length);
  const p = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    p[i] = 1 / (1 + Math.exp(-(z[i] + lo)));
    y[i] = labelRng() < p[i] ? 1 : 0;
  }
  return { y, p };
};
const trainY = label(train.z).y;
const { y: holdY, p: holdTruth } = label(hold.z);
const featureNames = Array.from({ length: D }, (_, i) => `f${i}`);
const positives = trainY.reduce((s, v) => s + v, 0);
console.log(`data: ${ROWS} train rows (${positives} positive, ${((100 * positives) / ROWS).toFixed(2)} %), ${HOLDOUT} holdout, ${D} features; generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const options = { nTrees: TREES, maxDepth: 6, learningRate: 0.1, seed: 1 };
const tTrain = performance.now();
const model = trainGbdt({ rows: ROWS, features: D, X: train.X, y: trainY, featureNames }, options);
const trainS = (performance.now() - tTrain) / 1000;
console.log(`train: ${model.forest.nTrees} trees, ${model.forest.nNodes} nodes, scalePosWeight ${model.params.scalePosWeight.toFixed(1)}, ${trainS.toFixed(2)} s`);

/** p50 and mean of per-row times (µs) over chunks of `chunk` single-row calls. */
function timeRows(fn, rows, chunk) {
  const per = [];
  let sink = 0;
  for (let r = 0; r + chunk <= rows; r += chunk) {
    const t = performance.now();
    for (let k = r; k < r + chunk; k++) sink += fn(k);
    per.push(((performance.now() - t) * 1000) / chunk);
  }
  per.sort((a, b) => a - b);
  const mean = per.reduce((s, v) => s + v, 0) / per.length;
  return { p50: per[Math.floor(per.length / 2)], p99: per[Math.floor(per.length * 0.99)], mean, sink };
}

// warm up, then time single-row calls
for (let r = 0; r < 5000; r++) predictProba(model, hold.X, r * D);
const pred = timeRows((r) => predictProba(model, hold.X, r * D), HOLDOUT, 100);
for (let r = 0; r < 200; r++) explain(model, hold.X, 5, r * D);
const expl = timeRows((r) => explain(model, hold.X, 5, r * D)[0].contribution, 3000, 10);
console.log(`predict: p50 ${pred.p50.toFixed(2)} µs/row, mean ${pred.mean.toFixed(2)}, p99 ${pred.p99.toFixed(2)} (chunks of 100 single-row calls)`);
console.log(`explain: p50 ${expl.p50.toFixed(1)} µs/row, mean ${expl.mean.toFixed(1)}, p99 ${expl.p99.toFixed(1)} (TreeSHAP, top 5)`);

const p = predictBatch(model, hold.X);
const prAuc = averagePrecision(p, holdY);
const auc = rocAuc(p, holdY);
const oracle = averagePrecision(holdTruth, holdY);
const f1 = bestF1Threshold(p, holdY);
console.log(`holdout: PR-AUC ${prAuc.toFixed(4)} (true probabilities: ${oracle.toFixed(4)}), ROC-AUC ${auc.toFixed(4)}, best F1 ${f1.f1.toFixed(3)} at ${f1.threshold.toFixed(3)}`);
console.log('example explanation:', JSON.stringify(explain(model, hold.X, 5, 0).map((c) => ({ ...c, contribution: +c.contribution.toFixed(4) }))));

let xgb = 'absent';
if (spawnSync('/usr/bin/python3', ['-c', 'import xgboost'], { stdio: 'ignore' }).status === 0) {
  const csv = (X, y, n) => {
    let s = '';
    for (let r = 0; r < n; r++) {
      s += y[r];
      for (let f = 0; f < D; f++) s += ',' + (Number.isNaN(X[r * D + f]) ? '' : X[r * D + f]);
      s += '\n';
    }
    return s;
  };
  writeFileSync('/tmp/ringwatch-gbdt-train.csv', csv(train.X, trainY, ROWS));
  writeFileSync('/tmp/ringwatch-gbdt-hold.csv', csv(hold.X, holdY, HOLDOUT));
  const py = `
import time, numpy as np, xgboost as xgb
def load(p):
    a = np.genfromtxt(p, delimiter=',', missing_values='', filling_values=np.nan)
    return a[:, 1:], a[:, 0]
Xt, yt = load('/tmp/ringwatch-gbdt-train.csv'); Xh, yh = load('/tmp/ringwatch-gbdt-hold.csv')
t = time.time()
# The core API (Debian's python3-xgboost has no scikit-learn for the XGBClassifier wrapper).
params = {'objective': 'binary:logistic', 'max_depth': 6, 'eta': 0.1, 'tree_method': 'hist', 'max_bin': 255,
    'lambda': 1, 'min_child_weight': 1, 'scale_pos_weight': ${model.params.scalePosWeight}, 'nthread': 1}
m = xgb.train(params, xgb.DMatrix(Xt, label=yt, missing=np.nan), num_boost_round=${TREES})
s = time.time() - t
p = m.predict(xgb.DMatrix(Xh, missing=np.nan))
o = np.argsort(-p, kind='stable'); ps = p[o]; ys = yh[o]
tp = np.cumsum(ys); fp = np.cumsum(1 - ys); last = np.r_[ps[1:] != ps[:-1], True]
prec = tp[last] / (tp[last] + fp[last]); rec = tp[last] / ys.sum()
print('%.4f %.2f' % (np.sum(np.diff(np.r_[0, rec]) * prec), s))
`;
  const out = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' });
  if (out.status === 0) {
    const [ap, secs] = out.stdout.trim().split(' ');
    xgb = ap;
    console.log(`xgboost (1 thread, same data and parameters): PR-AUC ${ap}, train ${secs} s`);
  } else {
    xgb = 'error';
    console.log('xgboost comparison failed:', out.stderr.slice(-500));
  }
} else {
  console.log('xgboost comparison skipped: python3-xgboost is not installed');
}

console.log(
  `bench=gbdt rows=${ROWS} features=${D} trees=${model.forest.nTrees} depth=6 train_s=${trainS.toFixed(2)} ` +
    `predict_us=${pred.p50.toFixed(2)} explain_us=${expl.p50.toFixed(1)} pr_auc=${prAuc.toFixed(4)} roc_auc=${auc.toFixed(4)} ` +
    `oracle_pr_auc=${oracle.toFixed(4)} xgb_pr_auc=${xgb}`,
);
