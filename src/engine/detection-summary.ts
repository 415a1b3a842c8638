import type { Verdict } from '../domain/decision.js';

/** Labels of planted (or known) suspicious transactions: id → pattern and instance. */
export type LabelMap = ReadonlyMap<string, { pattern: string; instance: string }>;

export interface DetectionSummary {
  transactions: number;
  alerts: number;
  decisions: Record<Verdict, number>;
  labelled: number;
  /** Alerted transactions that carry a label. */
  truePositives: number;
  precision: number;
  recall: number;
  instances: number;
  instancesCaught: number;
  /** pattern → [caught instances, instances]. */
  perPattern: Map<string, [number, number]>;
}

/**
 * Compares decisions with labels: transaction precision/recall of alerts (REVIEW or BLOCK)
 * and instance recall (an instance is caught when any of its transactions alerted).
 */
export function summariseDetection(decided: Iterable<[id: string, decision: Verdict]>, labels: LabelMap): DetectionSummary {
  const decisions: Record<Verdict, number> = { ALLOW: 0, REVIEW: 0, BLOCK: 0 };
  const instances = new Map<string, { pattern: string; caught: boolean }>();
  for (const l of labels.values()) if (!instances.has(l.instance)) instances.set(l.instance, { pattern: l.pattern, caught: false });
  let n = 0;
  let tp = 0;
  for (const [id, d] of decided) {
    n++;
    decisions[d]++;
    if (d === 'ALLOW') continue;
    const l = labels.get(id);
    if (!l) continue;
    tp++;
    instances.get(l.instance)!.caught = true;
  }
  const alerts = decisions.REVIEW + decisions.BLOCK;
  const perPattern = new Map<string, [number, number]>();
  let caught = 0;
  for (const i of instances.values()) {
    const p = perPattern.get(i.pattern) ?? [0, 0];
    p[1]++;
    if (i.caught) (p[0]++, caught++);
    perPattern.set(i.pattern, p);
  }
  return {
    transactions: n, alerts, decisions, labelled: labels.size, truePositives: tp,
    precision: alerts ? tp / alerts : 0, recall: labels.size ? tp / labels.size : 0,
    instances: instances.size, instancesCaught: caught, perPattern,
  };
}

export function formatDetection(s: DetectionSummary): string[] {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const per10k = (k: number, n: number): string => ((10_000 * k) / Math.max(1, n)).toFixed(1);
  const lines = [
    `transactions ${s.transactions}: ALLOW ${s.decisions.ALLOW}, REVIEW ${s.decisions.REVIEW}, BLOCK ${s.decisions.BLOCK} (${per10k(s.alerts, s.transactions)} alerts per 10,000)`,
    `planted suspicious transactions ${s.labelled}: ${s.truePositives} alerted (recall ${pct(s.recall)}, alert precision ${pct(s.precision)})`,
    // The workload a team would carry: the alerts on ordinary traffic, per 10,000 transactions.
    `false alerts (on ordinary transactions): ${s.alerts - s.truePositives}, ${per10k(s.alerts - s.truePositives, s.transactions)} per 10,000; the other ${per10k(s.truePositives, s.transactions)} per 10,000 are on planted ones`,
    `planted instances caught: ${s.instancesCaught} of ${s.instances}`,
  ];
  for (const [p, [c, n]] of [...s.perPattern].sort()) lines.push(`  ${p.padEnd(16)} ${c}/${n}`);
  return lines;
}

/** A planted (or known) group and the accounts an investigator would open as one ring. */
export interface KnownGroup {
  pattern: string;
  members: readonly string[];
}

/**
 * Which known groups came out as rings, per pattern ([found, groups]). A group is found when one
 * ring holds at least half of its members and at least a quarter of that ring's members are the
 * group's (a giant ring that swallows a group does not find it) — the rule of
 * ../shared/tools/score_rings.py.
 */
export function ringRecall(groups: readonly KnownGroup[], rings: ReadonlyArray<readonly string[]>): Map<string, [number, number]> {
  const ringsOf = new Map<string, number[]>();
  rings.forEach((r, k) => {
    for (const a of r) {
      const list = ringsOf.get(a);
      if (list) list.push(k);
      else ringsOf.set(a, [k]);
    }
  });
  const out = new Map<string, [number, number]>();
  for (const g of groups) {
    const members = new Set(g.members);
    const shared = new Map<number, number>();
    for (const a of members) for (const k of ringsOf.get(a) ?? []) shared.set(k, (shared.get(k) ?? 0) + 1);
    let found = false;
    for (const [k, n] of shared) if (members.size > 0 && 2 * n >= members.size && 4 * n >= rings[k].length) found = true;
    const p = out.get(g.pattern) ?? [0, 0];
    p[1]++;
    if (found) p[0]++;
    out.set(g.pattern, p);
  }
  return out;
}

/** "planted groups found as rings: 14 of 40" and one line per pattern. */
export function formatRingRecall(recall: ReadonlyMap<string, [number, number]>, rings: number): string[] {
  let found = 0;
  let total = 0;
  for (const [f, n] of recall.values()) {
    found += f;
    total += n;
  }
  const lines = [`planted groups found as rings: ${found} of ${total} (${rings} rings reported)`];
  for (const [p, [f, n]] of [...recall].sort()) lines.push(`  ${p.padEnd(16)} ${f}/${n}`);
  return lines;
}
