import { bestF1Threshold, precisionRecallF1, predictBatch, trainGbdt, type Dataset, type GbdtModel, type GbdtOptions } from '../ml/index.js';
import type { LabelledRow } from './labelled.js';
import type { DetectionModel } from './model.js';
import type { Scorer } from './scorer.js';

export interface TrainingPlan {
  /** Rows [0, trainEnd) fit the trees. */
  trainEnd: number;
  /** Rows [trainEnd, validEnd) are the later time slice for early stopping and thresholds. */
  validEnd: number;
  /** Most training rows kept in memory; beyond it negatives are subsampled (all positives kept). */
  maxRows: number;
  options: GbdtOptions;
}

/** Deterministic keep-or-drop of a negative row by its id (FNV-1a), so reruns agree. */
function keepNegative(id: string, rate: number): boolean {
  if (rate >= 1) return true;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296 < rate;
}

/**
 * Streams rows through the scorer in time order (the features of each row see only its past)
 * and collects feature vectors of the training and validation slices.
 */
export function collectFeatures(rows: readonly LabelledRow[], scorer: Scorer, plan: TrainingPlan, onProgress?: (i: number) => void): { train: Dataset; valid: Dataset } {
  const names = [...scorer.features.names];
  const f = names.length;
  const positives = rows.slice(0, plan.trainEnd).reduce((n, r) => n + r.label, 0);
  const negRate = Math.min(1, Math.max(0, plan.maxRows - positives) / Math.max(1, plan.trainEnd - positives));
  const pick = (lo: number, hi: number, sample: boolean): number[] => {
    const out: number[] = [];
    for (let i = lo; i < hi; i++) if (!sample || rows[i].label === 1 || keepNegative(rows[i].tx.id, negRate)) out.push(i);
    return out;
  };
  const trainIdx = pick(0, plan.trainEnd, true);
  const validIdx = pick(plan.trainEnd, plan.validEnd, false);
  const slot = new Int32Array(plan.validEnd).fill(-1);
  trainIdx.forEach((r, k) => (slot[r] = k));
  validIdx.forEach((r, k) => (slot[r] = trainIdx.length + k));
  const X = new Float64Array((trainIdx.length + validIdx.length) * f);
  const y = new Uint8Array(trainIdx.length + validIdx.length);
  const seen = new Set<string>();
  for (let i = 0; i < plan.validEnd; i++) {
    const tx = rows[i].tx;
    if (seen.has(tx.id)) continue; // a repeated id changes nothing in the live engine either
    seen.add(tx.id);
    scorer.apply(tx);
    const k = slot[i];
    if (k >= 0) {
      X.set(scorer.vector, k * f);
      y[k] = rows[i].label;
    }
    if ((i & 16383) === 0) onProgress?.(i);
  }
  const nt = trainIdx.length;
  return {
    train: { rows: nt, features: f, X: X.subarray(0, nt * f), y: y.subarray(0, nt), featureNames: names },
    valid: { rows: validIdx.length, features: f, X: X.subarray(nt * f), y: y.subarray(nt), featureNames: names },
  };
}

/** Trains the trees with early stopping on the validation slice and picks the thresholds there. */
export function trainDetectionModel(train: Dataset, valid: Dataset, options: GbdtOptions): DetectionModel {
  const hasValid = valid.rows > 0 && valid.y.some((v) => v === 1);
  const gbdt: GbdtModel = trainGbdt(train, hasValid ? { earlyStoppingRounds: 30, earlyStoppingMetric: 'pr-auc', ...options, valid } : options);
  const evalSet = hasValid ? valid : train;
  const probs = predictBatch(gbdt, evalSet.X, evalSet.rows);
  const best = bestF1Threshold(probs, evalSet.y);
  // Near the best F1 the curve is often flat; take the lowest threshold still within 2 % of it,
  // since recall is what shifts first on new data and a missed launderer costs more than a look.
  let chosen = best;
  for (let k = 1; k < 100; k++) {
    const t = k / 100;
    if (t >= chosen.threshold) break;
    const m = precisionRecallF1(probs, evalSet.y, t);
    if (m.f1 >= 0.98 * best.f1) {
      chosen = m;
      break;
    }
  }
  const review = Math.min(1, Math.max(1e-6, chosen.threshold));
  // Block only where the validation slice shows high precision.
  let block = Infinity;
  for (const t of [0.99, 0.98, 0.95, 0.9]) {
    if (t <= review) break;
    const m = precisionRecallF1(probs, evalSet.y, t);
    if (m.tp >= 5 && m.precision >= 0.9) block = t;
  }
  return {
    gbdt,
    review,
    block,
    training: {
      train_rows: train.rows,
      train_positives: train.y.reduce((n, v) => n + v, 0),
      valid_rows: valid.rows,
      valid_positives: valid.y.reduce((n, v) => n + v, 0),
      valid_best_f1: best.f1,
      valid_best_f1_threshold: best.threshold,
      valid_f1_at_review: chosen.f1,
      valid_precision_at_review: chosen.precision,
      valid_recall_at_review: chosen.recall,
      threshold_chosen_on: hasValid ? 'validation slice' : 'training rows (no labelled validation slice)',
    },
  };
}
