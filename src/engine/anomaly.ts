import { readFileSync, writeFileSync } from 'node:fs';
import type { Reason, Verdict } from '../domain/decision.js';
import type { Transaction } from '../domain/transaction.js';
import { hbosScore, trainHbos, type Hbos } from '../ml/hbos.js';
import { isolationScore, trainIsolationForest, type IsolationForest } from '../ml/isolation-forest.js';
import type { Evaluation, Evaluator } from './scorer.js';

export const ANOMALY_FILE_FORMAT = 'ringwatch-anomaly';
export const ANOMALY_FILE_VERSION = 1;

/**
 * The features the anomaly score reads: behaviour relative to the account's own history and to
 * its counterparties (novelty, bursts, amount z-scores and percentiles, gaps and hour of day,
 * pass-through)
 * and graph shapes, never an absolute sum or a clock, so the score means the same on any
 * currency, amount scale and calendar.
 */
export const ANOMALY_FEATURES: readonly string[] = [
  'pair_first', 'pair_count', 'pair_reverse_count', 'pair_amount_ratio',
  'from_new_payees_24h', 'from_new_payees_7d', 'from_new_payers_7d', 'to_new_payers_24h', 'to_new_payers_7d', 'to_new_payees_7d',
  'from_out_burst', 'to_in_burst',
  'from_out_amount_z', 'from_out_amount_pct', 'to_in_amount_z', 'to_in_amount_pct', 'amount_pop_pct',
  'from_gap_ratio', 'to_gap_ratio', 'from_last_in_ratio', 'from_passes_last_in', 'from_first_out', 'to_first_in', 'from_hour_share', 'to_hour_share', 'from_same_in_24h',
  'sg_source_intermediates_30d', 'sg_intermediates_30d', 'gs_hub_7d', 'cycle_len',
];

export type AnomalyMethod = 'hbos' | 'iforest';
export const ANOMALY_METHODS: readonly AnomalyMethod[] = ['hbos', 'iforest'];

/** A trained anomaly model: the detector, its feature names and its calibration on history. */
export interface AnomalyModel {
  method: AnomalyMethod;
  forest?: IsolationForest;
  hbos?: Hbos;
  featureNames: string[];
  /** Sorted raw scores of a sample of the training history (the percentile scale). */
  calibration: number[];
  /** Percentile of the raw score from which a transaction is reviewed (the alert budget). */
  review: number;
  /**
   * Weight of each typology (or standalone rule) in the combined risk: min(1, alert budget ÷ its hit
   * rate on the history). A pack that fires on a large share of this bank's history (say,
   * thresholds written for another currency or business) informs the ranking little.
   */
  ruleWeights?: Record<string, number>;
  training: Record<string, unknown>;
}

/** Percentile of x among sorted values, in [0, 1]. */
export function percentileOf(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length ? lo / sorted.length : 0;
}

/**
 * Fits the forest on feature rows of the history (row-major over `names`) and calibrates it:
 * the review percentile is 1 − alertRate, so the history is flagged at the budgeted rate.
 */
export function trainAnomalyModel(X: Float64Array, rows: number, names: readonly string[], alertRate: number, method: AnomalyMethod = 'hbos', seed = 1): AnomalyModel {
  const model: AnomalyModel = { method, featureNames: [...names], calibration: [], review: 1 - alertRate, training: {} };
  if (method === 'iforest') model.forest = trainIsolationForest(X, rows, names.length, { trees: 100, sampleSize: 256, seed });
  else model.hbos = trainHbos(X, rows, names.length);
  const step = Math.max(1, Math.floor(rows / 20_000));
  for (let r = 0; r < rows; r += step) model.calibration.push(rawScore(model, X.subarray(r * names.length, (r + 1) * names.length)));
  model.calibration.sort((a, b) => a - b);
  model.training = { rows, calibration_rows: model.calibration.length, alert_rate: alertRate, method };
  return model;
}

/** The detector's raw score (higher is more unusual); with `credit`, each feature's share. */
export function rawScore(m: AnomalyModel, row: ArrayLike<number>, credit?: Float64Array): number {
  if (m.method === 'iforest' && m.forest) return isolationScore(m.forest, row, credit);
  if (m.method === 'hbos' && m.hbos) return hbosScore(m.hbos, row, credit);
  throw new Error(`anomaly model has no ${m.method} detector`);
}

/** A typology keeps its full weight until it fires at this many times the alert budget. */
const DAMPING_FACTOR = 1;
/**
 * The anomaly percentile counts in the combined risk only in its tail: above this percentile,
 * rescaled to [0, 1]. Below it a transfer is ordinary for this bank and its risk is the rules'.
 */
export const ANOMALY_TAIL = 0.99;

/**
 * Typology weights from hit counts on the history: min(1, budget ÷ hit rate). Reasons of the
 * model itself ('model', 'anomaly') are not rules and get none.
 */
export function ruleWeightsFromHits(hits: ReadonlyMap<string, number>, rows: number, alertRate: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of hits) {
    if (key === 'model' || key === 'anomaly') continue;
    out[key] = Math.round(Math.min(1, (DAMPING_FACTOR * alertRate) / Math.max(n / Math.max(1, rows), 1e-12)) * 1e6) / 1e6;
  }
  return out;
}

export function saveAnomalyModel(path: string, m: AnomalyModel): void {
  writeFileSync(path, JSON.stringify({ format: ANOMALY_FILE_FORMAT, version: ANOMALY_FILE_VERSION, ...m }));
}

/** Reads an anomaly model file; undefined when the file is another kind of model. */
export function readAnomalyModel(path: string, raw: Record<string, unknown>): AnomalyModel | undefined {
  if (raw.format !== ANOMALY_FILE_FORMAT) return undefined;
  if (raw.version !== ANOMALY_FILE_VERSION) throw new Error(`${path}: anomaly model version ${String(raw.version)} is not supported (expected ${ANOMALY_FILE_VERSION})`);
  const m = raw as unknown as AnomalyModel;
  const detector = m.method === 'iforest' ? Array.isArray(m.forest?.roots) : m.method === 'hbos' ? Array.isArray(m.hbos?.edges) : false;
  if (!detector || !Array.isArray(m.featureNames) || !Array.isArray(m.calibration)) throw new Error(`${path}: not a complete anomaly model (method ${JSON.stringify(m.method)})`);
  if (!(m.review > 0 && m.review <= 1)) throw new Error(`${path}: review must be a percentile in (0, 1]`);
  return m;
}

export function loadModelFile(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${path}: not a model file: ${(e as Error).message}`);
  }
}

/**
 * Adds the anomaly score to another evaluator (rules, or a supervised model over the rules).
 * The score becomes the noisy-or of the inner score (each typology weighed by how rarely it fired
 * on the history, see `ruleWeights`) and the anomaly percentile's tail (above the 99th, rescaled),
 * so the `score` column ranks by combined risk; a percentile at or above the review percentile asks for REVIEW
 * with the features that isolated the transaction. Inner BLOCKs stay.
 */
export class AnomalyEvaluator implements Evaluator {
  private readonly map: Int32Array;
  private readonly row: Float64Array;
  private readonly credit: Float64Array;

  constructor(
    private readonly inner: Evaluator,
    private readonly model: AnomalyModel,
    featureNames: readonly string[],
    private readonly top = 3,
  ) {
    const position = new Map(featureNames.map((n, i) => [n, i]));
    const missing = model.featureNames.filter((n) => !position.has(n));
    if (missing.length) throw new Error(`anomaly model needs features this engine does not compute: ${missing.join(', ')}`);
    this.map = Int32Array.from(model.featureNames, (n) => position.get(n) as number);
    this.row = new Float64Array(this.map.length);
    this.credit = new Float64Array(this.map.length);
  }

  percentile(features: Float64Array): number {
    for (let i = 0; i < this.map.length; i++) this.row[i] = features[this.map[i]];
    return percentileOf(this.model.calibration, rawScore(this.model, this.row));
  }

  /** The inner score with each typology weighed by its informativeness on the history. */
  private innerRisk(e: Evaluation): number {
    const w = this.model.ruleWeights;
    if (!w) return e.score;
    const sums = new Map<string, number>();
    let standalone = 0;
    for (const r of e.reasons) {
      const key = r.typology ?? r.rule;
      const weight = w[key] ?? 1;
      if (r.typology) sums.set(key, (sums.get(key) ?? 0) + r.weight * weight);
      else standalone = Math.max(standalone, r.weight * weight);
    }
    let risk = standalone;
    for (const v of sums.values()) risk = Math.max(risk, Math.min(1, v));
    return Math.min(e.score, risk);
  }

  evaluate(features: Float64Array, tx: Transaction): Evaluation {
    const e = this.inner.evaluate(features, tx);
    const a = this.percentile(features);
    const tail = Math.max(0, (a - ANOMALY_TAIL) / (1 - ANOMALY_TAIL));
    const score = 1 - (1 - this.innerRisk(e)) * (1 - tail);
    if (a < this.model.review) return { ...e, score };
    this.credit.fill(0);
    rawScore(this.model, this.row, this.credit);
    const order = Array.from(this.credit.keys()).sort((x, y) => this.credit[y] - this.credit[x]).slice(0, this.top);
    const reason: Reason = {
      rule: 'anomaly',
      weight: a,
      values: [['percentile', Math.round(a * 10000) / 10000], ...order.map((k): [string, number] => [this.model.featureNames[k], Math.round(this.row[k] * 1000) / 1000])],
    };
    const decision: Verdict = e.decision === 'BLOCK' ? 'BLOCK' : 'REVIEW';
    return { score, decision, reasons: [reason, ...e.reasons], critical: e.critical };
  }
}
