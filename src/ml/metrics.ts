// Classification metrics over scores and 0/1 labels: precision/recall/F1 at a threshold, the
// best-F1 threshold, PR-AUC as average precision (scikit-learn's step-wise definition), ROC-AUC
// (ties count half) and log-loss. A row is predicted positive when its score >= the threshold.

export type Labels = ArrayLike<number>;
export type Scores = ArrayLike<number>;

export interface ThresholdMetrics {
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

function checkLengths(scores: Scores, labels: Labels): void {
  if (scores.length !== labels.length) {
    throw new RangeError(`scores (${scores.length}) and labels (${labels.length}) differ in length`);
  }
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function f1Of(tp: number, fp: number, fn: number): number {
  return ratio(2 * tp, 2 * tp + fp + fn);
}

/** Indices sorted by descending score (stable). */
function orderDescending(scores: Scores): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

/** Confusion counts, precision, recall and F1 when predicting positive for score >= threshold. */
export function precisionRecallF1(scores: Scores, labels: Labels, threshold: number): ThresholdMetrics {
  checkLengths(scores, labels);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < scores.length; i++) {
    const pos = labels[i] === 1;
    if (scores[i] >= threshold) {
      if (pos) tp++;
      else fp++;
    } else if (pos) fn++;
    else tn++;
  }
  return { threshold, tp, fp, fn, tn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: f1Of(tp, fp, fn) };
}

/**
 * Walks the distinct score thresholds in descending order and calls `visit` at each with the
 * confusion counts of predicting positive for score >= threshold. Returns the positive count.
 */
function sweepThresholds(scores: Scores, labels: Labels, visit: (threshold: number, tp: number, fp: number, P: number) => void): number {
  checkLengths(scores, labels);
  const order = orderDescending(scores);
  let P = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) P++;
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (labels[i] === 1) tp++;
    else fp++;
    const last = k + 1 === order.length || scores[order[k + 1]] !== scores[i];
    if (last) visit(scores[i], tp, fp, P);
  }
  return P;
}

/** The threshold (one of the scores) with the highest F1; the highest such threshold on ties. */
export function bestF1Threshold(scores: Scores, labels: Labels): ThresholdMetrics {
  let best: ThresholdMetrics | undefined;
  const P = sweepThresholds(scores, labels, (threshold, tp, fp, P) => {
    const f1 = f1Of(tp, fp, P - tp);
    if (f1 > (best?.f1 ?? 0)) {
      best = { threshold, tp, fp, fn: P - tp, tn: labels.length - P - fp, precision: ratio(tp, tp + fp), recall: ratio(tp, P), f1 };
    }
  });
  return best ?? { threshold: Infinity, tp: 0, fp: 0, fn: P, tn: labels.length - P, precision: 0, recall: 0, f1: 0 };
}

/**
 * Average precision: Σ (R_k − R_{k−1}) · P_k over the distinct score thresholds in descending
 * order (no interpolation), as scikit-learn's `average_precision_score`. NaN without positives.
 */
export function averagePrecision(scores: Scores, labels: Labels): number {
  let prevRecall = 0;
  let ap = 0;
  const P = sweepThresholds(scores, labels, (_t, tp, fp, P) => {
    const recall = tp / P;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  });
  return P === 0 ? NaN : ap;
}

/** PR-AUC, defined as average precision. */
export const prAuc = averagePrecision;

/** Area under the ROC curve (Mann–Whitney; tied scores count half). NaN unless both classes occur. */
export function rocAuc(scores: Scores, labels: Labels): number {
  checkLengths(scores, labels);
  const order = orderDescending(scores);
  let P = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) P++;
  const N = labels.length - P;
  if (P === 0 || N === 0) return NaN;
  // walk from the highest score; for every negative, count positives ranked above it
  let posAbove = 0;
  let sum = 0;
  let k = 0;
  while (k < order.length) {
    let j = k;
    let pos = 0;
    let neg = 0;
    while (j < order.length && scores[order[j]] === scores[order[k]]) {
      if (labels[order[j]] === 1) pos++;
      else neg++;
      j++;
    }
    sum += neg * (posAbove + pos / 2);
    posAbove += pos;
    k = j;
  }
  return sum / (P * N);
}

/**
 * Mean binary cross-entropy of probabilities, clipped to [eps, 1 − eps]; positives weigh
 * `positiveWeight` (as in class-weighted training), and the mean is over the total weight.
 */
export function logLoss(probs: Scores, labels: Labels, eps = 1e-15, positiveWeight = 1): number {
  checkLengths(probs, labels);
  if (probs.length === 0) return NaN;
  let s = 0;
  let w = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probs[i]));
    if (labels[i] === 1) {
      s -= positiveWeight * Math.log(p);
      w += positiveWeight;
    } else {
      s -= Math.log(1 - p);
      w += 1;
    }
  }
  return s / w;
}

/** The thresholds where F1 stays within `tolerance` (a share, e.g. 0.02) of its best. */
export interface F1Plateau {
  best: ThresholdMetrics;
  /** Every threshold in (lo, hi] gives F1 ≥ (1 − tolerance) · best; lo is the next lower score. */
  lo: number;
  hi: number;
}

/**
 * The best F1 and the span of thresholds around it that do nearly as well. A threshold t flags
 * score ≥ t, so F1 is constant for t between two adjacent distinct scores; the plateau runs
 * from the score just below the lowest qualifying threshold (exclusive) to the highest
 * qualifying one (inclusive). A validation slice whose positives all rank first has a wide
 * plateau, and its middle, not its edge, is the threshold that holds on later data.
 */
export function f1Plateau(scores: Scores, labels: Labels, tolerance: number): F1Plateau {
  const best = bestF1Threshold(scores, labels);
  const floor = (1 - tolerance) * best.f1;
  let lo = Infinity;
  let hi = -Infinity;
  let prevQualified = false;
  let loSet = false;
  sweepThresholds(scores, labels, (threshold, tp, fp, P) => {
    if (prevQualified && !loSet) {
      lo = threshold;
      loSet = true;
    }
    const ok = best.f1 > 0 && f1Of(tp, fp, P - tp) >= floor;
    if (ok) {
      if (threshold > hi) hi = threshold;
      lo = threshold;
      loSet = false;
    }
    prevQualified = ok;
  });
  if (prevQualified && !loSet) lo = -Infinity;
  return { best, lo, hi };
}
