import { precisionRecallF1, predictBatch, type Dataset } from '../ml/index.js';
import type { Verdict } from '../domain/decision.js';
import type { Transaction } from '../domain/transaction.js';
import type { DetectionModel } from './model.js';
import type { Evaluation, Evaluator } from './scorer.js';

/** Reads an alert budget: "30/10000", "0.3%" or a fraction such as 0.003; in (0, 1). */
export function parseAlertRate(text: string): number {
  const t = text.trim();
  let rate: number;
  const ratio = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (ratio) rate = Number(ratio[1]) / Number(ratio[2]);
  else if (t.endsWith('%')) rate = Number(t.slice(0, -1)) / 100;
  else rate = Number(t);
  if (!(rate > 0 && rate < 1)) throw new Error(`--alert-rate must be a rate such as 30/10000, 0.3% or 0.003, got ${JSON.stringify(text)}`);
  return rate;
}

/**
 * The score threshold (flag score ≥ it) that flags `scores` at `rate` or just under it: ties are
 * never split, so a threshold on a tied value moves up to the next distinct score.
 */
export function thresholdForRate(scores: ArrayLike<number>, rate: number): number {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  if (n === 0) return 1;
  let k = Math.min(n - 1, Math.max(0, Math.ceil(n * (1 - rate))));
  while (k > 0 && k < n && sorted[k] === sorted[k - 1]) k++;
  return k < n ? sorted[k] : sorted[n - 1] + Math.max(1e-12, Math.abs(sorted[n - 1]) * 1e-9);
}

/**
 * Sets a supervised model's review threshold so that the calibration slice (validation, else
 * training rows) is flagged at the budgeted rate, and records the rate reached.
 */
export function applyAlertBudget(model: DetectionModel, calibration: Dataset, rate: number): void {
  const probs = predictBatch(model.gbdt, calibration.X, calibration.rows);
  const threshold = Math.max(1e-6, thresholdForRate(probs, rate));
  model.review = threshold;
  if (model.block <= threshold) model.block = Infinity;
  const m = precisionRecallF1(probs, calibration.y, threshold);
  model.training.review_rule = `alert budget ${(rate * 1e4).toFixed(1)} per 10,000 on the calibration slice: reached ${(((m.tp + m.fp) / calibration.rows) * 1e4).toFixed(1)} per 10,000`;
  model.training.alert_rate_target = rate;
  model.training.alert_rate_reached = (m.tp + m.fp) / calibration.rows;
}

/**
 * An alert budget over any evaluator: REVIEW from `reviewScore` on (the calibrated cut of the
 * risk score), ALLOW below it; a BLOCK stays a BLOCK. Reasons are kept either way.
 */
export class BudgetEvaluator implements Evaluator {
  constructor(
    private readonly inner: Evaluator,
    readonly reviewScore: number,
  ) {}

  evaluate(features: Float64Array, tx: Transaction): Evaluation {
    const e = this.inner.evaluate(features, tx);
    if (e.decision === 'BLOCK') return e;
    const decision: Verdict = e.score >= this.reviewScore ? 'REVIEW' : 'ALLOW';
    return decision === e.decision ? e : { ...e, decision };
  }
}
