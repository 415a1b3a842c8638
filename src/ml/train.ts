// Training: logistic-loss gradient boosting over histogram-binned features. Each round computes
// gradients and hessians (positives weighted by scalePosWeight), samples rows and columns with a
// seeded PRNG, grows one tree and updates the margins; an optional validation set drives early
// stopping, and the model keeps the best iteration.

import { binDataset } from './binning.js';
import { forestFromTrees } from './forest.js';
import { HistogramPool } from './histogram.js';
import { averagePrecision, logLoss, rocAuc } from './metrics.js';
import { resolveParams } from './params.js';
import { createRng, sampleIndices } from './prng.js';
import { forestMargin, sigmoid } from './predict.js';
import { growTree, leafOfBinnedRow, type GrownTree, type TreeNodes } from './tree.js';
import type { Dataset, GbdtModel, GbdtOptions, ModelMetrics } from './types.js';

/** Throws a RangeError naming what is wrong with a dataset's shape or labels. */
export function validateDataset(d: Dataset, name = 'data'): void {
  if (!Number.isInteger(d.rows) || d.rows < 1) throw new RangeError(`${name}.rows must be a positive integer, got ${d.rows}`);
  if (!Number.isInteger(d.features) || d.features < 1) throw new RangeError(`${name}.features must be a positive integer, got ${d.features}`);
  if (!(d.X instanceof Float64Array)) throw new TypeError(`${name}.X must be a Float64Array`);
  if (d.X.length !== d.rows * d.features) {
    throw new RangeError(`${name}.X has ${d.X.length} values, expected rows × features = ${d.rows} × ${d.features}`);
  }
  if (!(d.y instanceof Uint8Array)) throw new TypeError(`${name}.y must be a Uint8Array`);
  if (d.y.length !== d.rows) throw new RangeError(`${name}.y has ${d.y.length} labels, expected ${d.rows}`);
  for (let i = 0; i < d.rows; i++) {
    if (d.y[i] > 1) throw new RangeError(`${name}.y[${i}] is ${d.y[i]}; labels must be 0 or 1`);
  }
  if (!Array.isArray(d.featureNames) || d.featureNames.length !== d.features) {
    throw new RangeError(`${name}.featureNames must list ${d.features} names`);
  }
  const seen = new Set<string>();
  d.featureNames.forEach((f, i) => {
    if (typeof f !== 'string' || f === '') throw new RangeError(`${name}.featureNames[${i}] must be a non-empty string`);
    if (seen.has(f)) throw new RangeError(`${name}.featureNames[${i}] repeats "${f}"`);
    seen.add(f);
  });
}

function probs(margins: Float64Array): Float64Array {
  const p = new Float64Array(margins.length);
  for (let i = 0; i < p.length; i++) p[i] = sigmoid(margins[i]);
  return p;
}

/** Adds the new tree's output to every training row's margin. */
function updateTrainMargins(F: Float64Array, tree: GrownTree, idx: Int32Array, fullSample: boolean, data: ReturnType<typeof binDataset>): void {
  if (fullSample) {
    for (let n = 0; n < tree.feature.length; n++) {
      if (tree.feature[n] >= 0) continue;
      const v = tree.value[n];
      for (let i = tree.start[n]; i < tree.end[n]; i++) F[idx[i]] += v;
    }
  } else {
    for (let r = 0; r < F.length; r++) F[r] += tree.value[leafOfBinnedRow(tree, data, r)];
  }
}

/** Trains a binary classifier; deterministic for a given seed. */
export function trainGbdt(data: Dataset, options: GbdtOptions = {}): GbdtModel {
  validateDataset(data, 'data');
  const valid = options.valid;
  if (valid !== undefined) {
    validateDataset(valid, 'valid');
    if (valid.features !== data.features) throw new RangeError(`valid has ${valid.features} features, data has ${data.features}`);
  }
  const n = data.rows;
  const d = data.features;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += data.y[i];
  const p = resolveParams(options, positives, n - positives);
  if (valid !== undefined && p.earlyStoppingMetric === 'pr-auc' && !valid.y.some((v) => v === 1)) {
    throw new RangeError("valid has no positive rows, so early stopping on 'pr-auc' is undefined");
  }
  const spw = p.scalePosWeight;
  let baseScore: number;
  if (options.baseScore !== undefined) {
    if (!Number.isFinite(options.baseScore)) throw new RangeError(`option baseScore must be finite, got ${options.baseScore}`);
    baseScore = options.baseScore;
  } else {
    const wp = positives * spw;
    const rate = Math.min(1 - 1e-6, Math.max(1e-6, wp / (wp + (n - positives))));
    baseScore = Math.log(rate / (1 - rate));
  }

  const binned = binDataset(data.X, n, d, p.maxBins);
  const rng = createRng(p.seed);
  const pool = new HistogramPool(binned.totalSlots * 3);
  const F = new Float64Array(n).fill(baseScore);
  const idx = new Int32Array(n);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const tmpIdx = new Int32Array(n);
  const tmpGrad = new Float64Array(n);
  const tmpHess = new Float64Array(n);
  const allFeatures = new Int32Array(d).map((_, i) => i);
  const nCols = Math.max(1, Math.round(p.colsampleByTree * d));
  const fullSample = p.subsample >= 1;

  const vMargin = valid === undefined ? null : new Float64Array(valid.rows).fill(baseScore);
  const higherBetter = p.earlyStoppingMetric === 'pr-auc';
  let bestMetric = higherBetter ? -Infinity : Infinity;
  let bestIteration = -1;
  let bestTieBreak = -Infinity;
  const hasValidPositives = valid !== undefined && valid.y.some((v) => v === 1);
  let sinceBest = 0;
  let bestF: Float64Array | null = null;
  let bestV: Float64Array | null = null;
  const history: number[] = [];
  const trees: TreeNodes[] = [];

  for (let it = 0; it < p.nTrees; it++) {
    // rows of this round (ascending), with their gradients
    let count = 0;
    for (let r = 0; r < n; r++) {
      if (!fullSample && rng() >= p.subsample) continue;
      idx[count++] = r;
    }
    if (count === 0) idx[count++] = Math.floor(rng() * n);
    for (let i = 0; i < count; i++) {
      const r = idx[i];
      const pr = sigmoid(F[r]);
      const w = data.y[r] === 1 ? spw : 1;
      grad[i] = w * (pr - data.y[r]);
      hess[i] = Math.max(w * pr * (1 - pr), 1e-16);
    }
    const active = nCols >= d ? allFeatures : sampleIndices(d, nCols, rng);
    const tree = growTree(
      { data: binned, active, idx, grad, hess, count, tmpIdx, tmpGrad, tmpHess, pool },
      { ...p },
    );
    updateTrainMargins(F, tree, idx, fullSample, binned);
    const { bin: _b, start: _s, end: _e, ...nodes } = tree;
    trees.push(nodes);

    let metric = NaN;
    if (valid !== undefined && vMargin !== null) {
      const one = forestFromTrees([nodes]);
      for (let r = 0; r < valid.rows; r++) vMargin[r] += forestMargin(one, 0, valid.X, r * d);
      const pv = probs(vMargin);
      // Log-loss is weighted like the training loss (positives × scalePosWeight), so that it
      // measures the objective the trees fit; PR-AUC breaks near-ties. A slice whose positives
      // all rank first after a few rounds then keeps improving on log-loss instead of stopping.
      const ap = hasValidPositives ? averagePrecision(pv, valid.y) : NaN;
      metric = higherBetter ? ap : logLoss(pv, valid.y, 1e-15, spw);
      history.push(metric);
      let improved: boolean;
      if (higherBetter) improved = metric > bestMetric + 1e-12;
      else {
        const tie = Math.abs(metric - bestMetric) <= 1e-4 * Math.abs(bestMetric);
        improved = tie ? ap > bestTieBreak + 1e-12 : metric < bestMetric;
      }
      if (it + 1 >= p.minRounds && improved) {
        bestMetric = metric;
        bestTieBreak = ap;
        bestIteration = it;
        sinceBest = 0;
        if (p.earlyStoppingRounds > 0) {
          bestF = F.slice();
          bestV = vMargin.slice();
        }
      } else if (it + 1 >= p.minRounds) sinceBest++;
    }
    options.onIteration?.(it, metric);
    if (p.earlyStoppingRounds > 0 && valid !== undefined && sinceBest >= p.earlyStoppingRounds) break;
  }

  let kept = trees.length;
  let finalF: Float64Array = F;
  let finalV: Float64Array | null = vMargin;
  if (p.earlyStoppingRounds > 0 && valid !== undefined && bestIteration >= 0 && bestF !== null) {
    kept = bestIteration + 1;
    finalF = bestF;
    finalV = bestV;
  }
  const metrics: ModelMetrics = {
    trees: kept,
    bestIteration: kept - 1,
    trainRows: n,
    trainPositives: positives,
    trainLogLoss: logLoss(probs(finalF), data.y),
  };
  if (valid !== undefined && finalV !== null) {
    const pv = probs(finalV);
    metrics.validRows = valid.rows;
    metrics.validLogLoss = logLoss(pv, valid.y);
    metrics.validPrAuc = averagePrecision(pv, valid.y);
    metrics.validRocAuc = rocAuc(pv, valid.y);
    metrics.validHistory = history;
  }
  return {
    featureNames: data.featureNames.slice(),
    baseScore,
    forest: forestFromTrees(trees.slice(0, kept)),
    params: p,
    trainedAt: new Date().toISOString(),
    metrics,
  };
}
