import type { Verdict } from '../domain/decision.js';
import { averagePrecision, precisionRecallF1 } from '../ml/metrics.js';
import type { LabelledRow } from './labelled.js';

export interface EvaluationReport {
  rows: number;
  positives: number;
  precision: number;
  recall: number;
  f1: number;
  prAuc: number;
  alertsPer10k: number;
  /** pattern → [caught transactions, transactions, caught instances, instances]. */
  perPattern: Map<string, { recall: number; positives: number; instanceRecall: number; instances: number }>;
  instanceRecall: number;
  instances: number;
}

/**
 * Scores of the reported part against its labels: alert = REVIEW or BLOCK; PR-AUC from the
 * continuous score; instance recall counts an instance caught when any of its transactions
 * (in the reported part) alerted.
 */
export function evaluate(rows: readonly LabelledRow[], scores: Float64Array, decisions: readonly Verdict[]): EvaluationReport {
  const n = rows.length;
  const labels = new Uint8Array(n);
  const alerted = new Float64Array(n);
  let positives = 0;
  let alerts = 0;
  const patterns = new Map<string, { caught: number; total: number; instances: Map<string, boolean> }>();
  const allInstances = new Map<string, boolean>();
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    labels[i] = r.label;
    const hit = decisions[i] !== 'ALLOW';
    alerted[i] = hit ? 1 : 0;
    if (hit) alerts++;
    if (r.label !== 1) continue;
    positives++;
    const p = r.pattern ?? '(unlabelled pattern)';
    const e = patterns.get(p) ?? { caught: 0, total: 0, instances: new Map<string, boolean>() };
    e.total++;
    if (hit) e.caught++;
    if (r.instance !== undefined) {
      e.instances.set(r.instance, (e.instances.get(r.instance) ?? false) || hit);
      allInstances.set(r.instance, (allInstances.get(r.instance) ?? false) || hit);
    }
    patterns.set(p, e);
  }
  const m = precisionRecallF1(alerted, labels, 0.5);
  const perPattern = new Map<string, { recall: number; positives: number; instanceRecall: number; instances: number }>();
  for (const [p, e] of [...patterns].sort(([a], [b]) => a.localeCompare(b))) {
    const caught = [...e.instances.values()].filter(Boolean).length;
    perPattern.set(p, { recall: e.caught / e.total, positives: e.total, instanceRecall: e.instances.size ? caught / e.instances.size : NaN, instances: e.instances.size });
  }
  const caughtInstances = [...allInstances.values()].filter(Boolean).length;
  return {
    rows: n, positives, precision: m.precision, recall: m.recall, f1: m.f1,
    prAuc: positives > 0 ? averagePrecision(scores, labels) : NaN,
    alertsPer10k: n ? (10_000 * alerts) / n : 0,
    perPattern, instanceRecall: allInstances.size ? caughtInstances / allInstances.size : NaN, instances: allInstances.size,
  };
}

const f3 = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));

/** Human lines, then one machine-readable last line. */
export function formatEvaluation(r: EvaluationReport, mode: string): string[] {
  const lines = [
    `mode=${mode}: reported on the last part, ${r.rows} transactions, ${r.positives} labelled suspicious`,
    `precision ${f3(r.precision)}  recall ${f3(r.recall)}  F1 ${f3(r.f1)}  PR-AUC ${f3(r.prAuc)}  alerts per 10,000: ${r.alertsPer10k.toFixed(1)}`,
  ];
  if (r.instances) lines.push(`instance recall ${f3(r.instanceRecall)} (${r.instances} instances)`);
  for (const [p, e] of r.perPattern) {
    lines.push(`  ${p.padEnd(20)} recall ${f3(e.recall)} of ${e.positives}${e.instances ? `, instances ${f3(e.instanceRecall)} of ${e.instances}` : ''}`);
  }
  lines.push(
    `F1=${f3(r.f1)} PRAUC=${f3(r.prAuc)} precision=${f3(r.precision)} recall=${f3(r.recall)} alerts_per_10k=${r.alertsPer10k.toFixed(1)} instance_recall=${f3(r.instanceRecall)} mode=${mode}`,
  );
  return lines;
}
