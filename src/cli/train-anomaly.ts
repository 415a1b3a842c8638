import { ANOMALY_FEATURES, ANOMALY_METHODS, ruleWeightsFromHits, saveAnomalyModel, trainAnomalyModel, type AnomalyMethod } from '../engine/anomaly.js';
import { buildScorer } from '../engine/runtime.js';
import { engineConfig, type EngineFlags, type IngestFlags } from './options.js';
import { readTimeOrdered } from './read-ordered.js';
import { firstOfEachId } from '../domain/transaction.js';

export interface AnomalyTrainFlags extends EngineFlags, IngestFlags {
  until: string;
  out: string;
  seed: string;
  label?: string;
  anomaly?: string;
}

/** Rows of history kept in memory for the forest (evenly spaced beyond it). */
const MAX_ROWS = 200_000;

/**
 * `ringwatch train --unsupervised`: no label column is read. The first `--until` of the file
 * (in time order) streams through the engine; the behavioural features of those transactions
 * (see ANOMALY_FEATURES) fit an anomaly detector (HBOS by default, or an isolation forest), calibrated so that the history is flagged at
 * the alert budget.
 */
export async function runTrainAnomaly(file: string, flags: AnomalyTrainFlags, until: number, alertRate: number): Promise<string[]> {
  if (flags.label !== undefined) throw new Error('--unsupervised reads no label: drop --label (or drop --unsupervised to train on labels)');
  const config = engineConfig({ ...flags, model: undefined });
  const { txs, rejected } = await readTimeOrdered(file, flags);
  if (txs.length < 2) throw new Error(`${file}: too few valid transactions to train on (${txs.length}; ${rejected} rejected)`);
  const end = Math.max(2, Math.floor(txs.length * until));
  const scorer = buildScorer(config);
  const names = scorer.features.names;
  const cols = ANOMALY_FEATURES.map((n) => {
    const i = names.indexOf(n);
    if (i < 0) throw new Error(`the engine computes no feature ${n} (check the window settings)`);
    return i;
  });
  const step = Math.max(1, Math.ceil(end / MAX_ROWS));
  const kept = Math.ceil(end / step);
  const X = new Float64Array(kept * cols.length);
  const applied = firstOfEachId(end, (i) => txs[i]);
  // How often each typology (or standalone rule) fires on the history: its weight in the combined risk.
  const hits = new Map<string, number>();
  let k = 0;
  for (const i of applied) {
    const d = scorer.score(txs[i]);
    if (d.reasons.length) {
      const keys = new Set(d.reasons.map((r) => r.typology ?? r.rule));
      for (const key of keys) hits.set(key, (hits.get(key) ?? 0) + 1);
    }
    if (i % step === 0 && k < kept) {
      const v = scorer.vector;
      for (let j = 0; j < cols.length; j++) X[k * cols.length + j] = v[cols[j]];
      k++;
    }
  }
  const started = performance.now();
  const method = (flags.anomaly ?? 'hbos') as AnomalyMethod;
  if (!ANOMALY_METHODS.includes(method)) throw new Error(`--anomaly must be one of ${ANOMALY_METHODS.join(', ')}`);
  const model = trainAnomalyModel(X.subarray(0, k * cols.length), k, ANOMALY_FEATURES, alertRate, method, Number(flags.seed));
  model.ruleWeights = ruleWeightsFromHits(hits, applied.length, alertRate);
  const damped = Object.entries(model.ruleWeights).filter(([, w]) => w < 1).sort((a, b) => a[1] - b[1]);
  model.training = { ...model.training, file, until, seconds: Math.round((performance.now() - started) / 100) / 10, trained_at: new Date().toISOString() };
  saveAnomalyModel(flags.out, model);
  return [
    `trained ${method === 'hbos' ? 'a histogram-based outlier score (HBOS)' : 'an isolation forest (100 trees of 256 rows)'} on ${k} of the first ${end} transactions × ${cols.length} behavioural features; no label read`,
    `alert budget: ${(alertRate * 1e4).toFixed(1)} per 10,000 → review from the ${(model.review * 100).toFixed(2)}th percentile of the history's anomaly scores`,
    damped.length
      ? `rules firing beyond the budget on this history weigh less in the combined risk: ${damped.slice(0, 6).map(([id, w]) => `${id} ×${w.toFixed(3)}`).join(', ')}`
      : 'every rule fired within the budget on this history: all weigh fully in the combined risk',
    `model written to ${flags.out}`,
  ];
}
