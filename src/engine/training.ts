import { averageModels, averagePrecision, bestF1Threshold, f1Plateau, logLoss, precisionRecallF1, predictBatch, resolveParams, rocAuc, trainGbdt, type Dataset, type GbdtModel, type GbdtOptions } from '../ml/index.js';
import { RULE_ONLY_FEATURES } from '../features/families/index.js';
import { SEARCH_READY_STEP } from '../features/extractor-options.js';
import { firstOfEachId } from '../domain/transaction.js';
import type { LabelledRow } from './labelled.js';
import type { DetectionModel } from './model.js';
import type { Scorer } from './scorer.js';

/** The rows `collectFeatures` applies, in order: rows below `end`, each id once. */
export function appliedRows(rows: readonly LabelledRow[], end: number): number[] {
  return firstOfEachId(end, (i) => rows[i].tx);
}

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
 * and collects feature vectors of the training and validation slices. `applied`: the rows to
 * apply (default `appliedRows` up to the validation end); `ready(n)`, when given, is awaited
 * before the rows applied reach n (a search worker's values).
 */
export async function collectFeatures(
  rows: readonly LabelledRow[], scorer: Scorer, plan: TrainingPlan,
  hooks: {
    onProgress?: (i: number) => void; applied?: readonly number[]; ready?: (applied: number) => Promise<void>;
    /** Called with each applied row and its feature vector (every row, whether or not its vector is kept). */
    observe?: (row: LabelledRow, vector: Float64Array) => void;
  } = {},
): Promise<{ train: Dataset; valid: Dataset }> {
  const { onProgress, ready, observe } = hooks;
  const applied = hooks.applied ?? appliedRows(rows, plan.validEnd);
  // Model inputs: every feature except those that give the calendar position (rules only).
  const all = scorer.features.names;
  const cols = Int32Array.from(all.map((_, i) => i).filter((i) => !RULE_ONLY_FEATURES.has(all[i])));
  const names = Array.from(cols, (i) => all[i]);
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
  for (let n = 0; n < applied.length; n++) {
    const i = applied[n];
    const tx = rows[i].tx;
    if (ready && n % SEARCH_READY_STEP === 0) await ready(n + SEARCH_READY_STEP);
    scorer.apply(tx);
    observe?.(rows[i], scorer.vector);
    const k = slot[i];
    if (k >= 0) {
      const v = scorer.vector;
      const o = k * f;
      for (let j = 0; j < f; j++) X[o + j] = v[cols[j]];
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

/** One candidate of the parameter search, and how it did on the validation slice. */
export interface SearchTrial {
  maxDepth: number;
  learningRate: number;
  classWeight: 'balanced' | 'sqrt';
  trees: number;
  validPrAuc: number;
}

/** The small grid searched by default: depth × class weight, at one learning rate. */
export const DEFAULT_SEARCH: ReadonlyArray<Pick<SearchTrial, 'maxDepth' | 'learningRate' | 'classWeight'>> = [
  { maxDepth: 4, learningRate: 0.1, classWeight: 'balanced' },
  { maxDepth: 6, learningRate: 0.1, classWeight: 'balanced' },
  { maxDepth: 4, learningRate: 0.1, classWeight: 'sqrt' },
  { maxDepth: 6, learningRate: 0.1, classWeight: 'sqrt' },
];

/** Rounds every candidate may use, and the patience and floor of early stopping. */
const PATIENCE = 50;
const MIN_ROUNDS = 50;
/** Fewest validation positives for thresholds read off the validation F1 curve. */
const MIN_VALID_POSITIVES = 8;
/**
 * Seeds the winning candidate is trained with and averaged over (see `bagWinner`). Measured on
 * AMLSim's busy set over six seeds (last 20 %): test F1 of one seed 0.603–0.688 (mean 0.652),
 * of three seeds averaged 0.630–0.684 (0.663), of five 0.642–0.681 (0.668); the quiet set and
 * PaySim unchanged (0.892, 0.994).
 */
export const DEFAULT_BAG = 5;

function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}

/**
 * The review threshold. With enough validation positives: the middle (in log-odds) of the
 * plateau where F1 stays within 2 % of its best — the edge of a flat curve is where new data
 * falls off it. With too few: the threshold at which the validation slice is flagged at the
 * training slice's positive rate (a target alert rate), since a handful of positives cannot
 * locate a curve.
 */
export function chooseReviewThreshold(probs: Float64Array, y: Uint8Array, trainPositiveRate: number): { threshold: number; rule: string } {
  const positives = y.reduce((n, v) => n + v, 0);
  if (positives >= MIN_VALID_POSITIVES) {
    const plateau = f1Plateau(probs, y, 0.02);
    if (plateau.best.f1 > 0) {
      const lo = Number.isFinite(plateau.lo) ? plateau.lo : plateau.hi;
      const mid = 1 / (1 + Math.exp(-(logit(lo) + logit(plateau.hi)) / 2));
      // Strictly above lo (which flags one more row than the plateau) and at most hi.
      const threshold = Math.min(plateau.hi, Math.max(mid, lo + Math.max(1e-12, Math.abs(lo) * 1e-9)));
      return { threshold, rule: `middle of the validation F1 plateau (F1 within 2 % of ${plateau.best.f1.toFixed(3)} for p in (${lo.toPrecision(3)}, ${plateau.hi.toPrecision(3)}])` };
    }
  }
  const sorted = Float64Array.from(probs).sort();
  const k = Math.min(sorted.length - 1, Math.max(0, Math.floor(sorted.length * (1 - Math.max(trainPositiveRate, 1e-4)))));
  return { threshold: sorted.length ? sorted[k] : 0.5, rule: `alert rate of the training slice (${(trainPositiveRate * 1e4).toFixed(1)} per 10k): validation has ${positives} positives` };
}

/** What the search chose: one candidate, the average of all of them, or one candidate bagged over seeds. */
export interface SearchChoice {
  /**
   * 'average': the mean of every candidate's log-odds (one model of all their trees); 'bagged':
   * the winning candidate trained with `seeds` sampling seeds, their log-odds averaged.
   */
  kind: 'single' | 'average' | 'bagged';
  /** For 'bagged': how many seeds. */
  seeds?: number;
  trees: number;
  validPrAuc: number;
  why: string;
  /** The single candidate's parameters (absent for an average). */
  maxDepth?: number;
  learningRate?: number;
  classWeight?: SearchTrial['classWeight'];
}

/**
 * Trains the trees: a small search over depth and class weight, each candidate with early
 * stopping on validation log-loss (PR-AUC breaking ties, patience 50, at least 50 rounds).
 * The average of the candidates (mean log-odds) is one more candidate and wins ties: on a
 * validation slice that several candidates separate perfectly (PaySim: validation PR-AUC 1.000
 * for two of the four), which of them is best is luck, and the average ranks new data better than
 * most of its members (PaySim's first 70 %: test PR-AUC of the four 0.969–0.978, their average
 * 0.992). Then the thresholds. Deterministic for a seed.
 */
export function trainDetectionModel(
  train: Dataset,
  valid: Dataset,
  options: GbdtOptions,
  search: ReadonlyArray<Pick<SearchTrial, 'maxDepth' | 'learningRate' | 'classWeight'>> = DEFAULT_SEARCH,
  bag = DEFAULT_BAG,
): DetectionModel {
  const hasValid = valid.rows > 0 && valid.y.some((v) => v === 1);
  const trainPositives = train.y.reduce((n, v) => n + v, 0);
  const balanced = trainPositives > 0 ? Math.min(100, Math.max(1, (train.rows - trainPositives) / trainPositives)) : 1;
  const candidates = hasValid && search.length > 0 ? search : [{ maxDepth: options.maxDepth ?? 6, learningRate: options.learningRate ?? 0.1, classWeight: 'balanced' as const }];
  const trials: SearchTrial[] = [];
  const models: GbdtModel[] = [];
  let best: { gbdt: GbdtModel; trial: SearchTrial } | undefined;
  const fit = (c: (typeof candidates)[number], seed?: number): GbdtModel =>
    trainGbdt(train, {
      ...options,
      ...(seed === undefined ? {} : { seed }),
      maxDepth: c.maxDepth,
      learningRate: c.learningRate,
      scalePosWeight: c.classWeight === 'balanced' ? balanced : Math.sqrt(balanced),
      ...(hasValid ? { valid, earlyStoppingRounds: PATIENCE, earlyStoppingMetric: 'logloss' as const, minRounds: Math.min(MIN_ROUNDS, options.nTrees ?? MIN_ROUNDS) } : {}),
    });
  for (const c of candidates) {
    const gbdt = fit(c);
    const trial: SearchTrial = { ...c, trees: gbdt.forest.nTrees, validPrAuc: gbdt.metrics.validPrAuc ?? NaN };
    trials.push(trial);
    models.push(gbdt);
    if (!best || trial.validPrAuc > best.trial.validPrAuc + 1e-9) best = { gbdt, trial };
  }
  let gbdt = best!.gbdt;
  let choice: SearchChoice = { kind: 'single', ...best!.trial, why: candidates.length > 1 ? 'highest validation PR-AUC' : 'only candidate' };
  if (models.length > 1 && hasValid) {
    const average = averageModels(models);
    const pv = predictBatch(average, valid.X, valid.rows);
    const pr = averagePrecision(pv, valid.y);
    if (pr >= best!.trial.validPrAuc - 1e-9) {
      // The training rows are predicted only for the winner.
      setOwnMetrics(average, train, trainPositives, valid, pv);
      gbdt = average;
      choice = {
        kind: 'average', trees: average.forest.nTrees, validPrAuc: pr,
        why: `average of the ${models.length} candidates: validation PR-AUC ${pr.toFixed(3)}, best single ${best!.trial.validPrAuc.toFixed(3)}`,
      };
    }
  }
  const params = resolveParams(options, trainPositives, train.rows - trainPositives);
  // Without row or feature sampling every seed would grow the same trees.
  if (choice.kind === 'single' && bag > 1 && (params.subsample < 1 || params.colsampleByTree < 1)) {
    const bagged = bagWinner(best!.gbdt, best!.trial, (seed) => fit(best!.trial, seed), params.seed, bag, train, trainPositives, hasValid ? valid : undefined);
    gbdt = bagged.gbdt;
    choice = bagged.choice;
  }
  const evalSet = hasValid ? valid : train;
  const probs = predictBatch(gbdt, evalSet.X, evalSet.rows);
  const { threshold, rule } = chooseReviewThreshold(probs, evalSet.y, trainPositives / Math.max(1, train.rows));
  const review = Math.min(1, Math.max(1e-6, threshold));
  const chosen = precisionRecallF1(probs, evalSet.y, review);
  const bestF1 = bestF1Threshold(probs, evalSet.y);
  // Block only where the validation slice shows high precision with enough hits.
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
      train_positives: trainPositives,
      valid_rows: valid.rows,
      valid_positives: valid.y.reduce((n, v) => n + v, 0),
      valid_best_f1: bestF1.f1,
      valid_best_f1_threshold: bestF1.threshold,
      valid_f1_at_review: chosen.f1,
      valid_precision_at_review: chosen.precision,
      valid_recall_at_review: chosen.recall,
      threshold_chosen_on: hasValid ? 'validation slice' : 'training rows (no labelled validation slice)',
      review_rule: rule,
      search: trials,
      chosen: choice,
    },
  };
}

/**
 * Replaces an averaged model's metrics (averageModels keeps its first member's) with its own;
 * `pv`: its probabilities on `valid`, when already computed.
 */
function setOwnMetrics(gbdt: GbdtModel, train: Dataset, trainPositives: number, valid: Dataset | undefined, pv?: Float64Array): void {
  const v = valid && (pv ?? predictBatch(gbdt, valid.X, valid.rows));
  gbdt.metrics = {
    ...gbdt.metrics, trainRows: train.rows, trainPositives, trainLogLoss: logLoss(predictBatch(gbdt, train.X, train.rows), train.y),
    ...(valid && v ? { validRows: valid.rows, validLogLoss: logLoss(v, valid.y), validPrAuc: averagePrecision(v, valid.y), validRocAuc: rocAuc(v, valid.y) } : {}),
  };
}

/**
 * The winning candidate trained again with `bag − 1` more sampling seeds (seed + 1, seed + 2, …),
 * each stopped early on its own, and the log-odds of all `bag` averaged. Row and feature sampling
 * make one seed's trees partly luck, and which candidate wins a close search is luck too (on
 * AMLSim's busy set, six seeds put one model's test F1 anywhere in 0.603–0.688); the average of
 * several seeds keeps what they agree on. It is taken whatever the validation slice says: it is
 * the same configuration, and choosing between it and one of its members on the slice would put
 * that luck back.
 */
function bagWinner(
  winner: GbdtModel, trial: SearchTrial, fit: (seed: number) => GbdtModel, seed: number, bag: number, train: Dataset, trainPositives: number, valid: Dataset | undefined,
): { gbdt: GbdtModel; choice: SearchChoice } {
  const members = [winner];
  for (let k = 1; k < bag; k++) members.push(fit(seed + k));
  const gbdt = averageModels(members);
  setOwnMetrics(gbdt, train, trainPositives, valid);
  const pr = gbdt.metrics.validPrAuc ?? NaN;
  return {
    gbdt,
    choice: {
      kind: 'bagged', seeds: bag, trees: gbdt.forest.nTrees, validPrAuc: pr,
      maxDepth: trial.maxDepth, learningRate: trial.learningRate, classWeight: trial.classWeight,
      why: `the winner (${Number.isFinite(trial.validPrAuc) ? `validation PR-AUC ${trial.validPrAuc.toFixed(3)}` : 'only candidate'}) trained with ${bag} sampling seeds and averaged` +
        (Number.isFinite(pr) ? `: validation PR-AUC ${pr.toFixed(3)}` : ''),
    },
  };
}
