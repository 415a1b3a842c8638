import type { Gang } from './gangs.js';
import { DEFAULT_RING_WEIGHTS, type RingReason, type RingReasonName, type RingRisk } from './ring-risk.js';

/** Evidence mass at which the evidence signal reaches 1 − 1/e (about ten confident alerts). */
const EVIDENCE_SCALE = 10;
const WEEK = 7 * 86_400_000;

/**
 * Scores a gang (see `GangFinder`) in [0, 1] from signals that each stay graded, so risks
 * spread out instead of piling up at 1:
 * - evidence: 1 − exp(−mass / 10), mass = what its evidence is worth in alerts (raw: the count);
 * - confidence: mean evidence score;
 * - layering: members that both received and sent evidence transfers / size (pass-through);
 * - listed_members: listed members / size;
 * - growth: evidence transfers in the last 7 days before `now` / all (raw: that count).
 * Feeder receipts (the route of money an alert passed on) count for layering only.
 * risk = Σ weight·signal / Σ weight with the ring weights; reasons by contribution.
 */
export function scoreGang(g: Gang, listed: { has(name: string): boolean }, now: number): RingRisk {
  const received = new Set<string>();
  const sent = new Set<string>();
  let recent = 0;
  let evidence = 0;
  let scores = 0;
  for (const e of g.edges) {
    sent.add(e.from);
    received.add(e.to);
    if (e.feeder) continue;
    evidence++;
    scores += e.score;
    if (e.time > now - WEEK) recent++;
  }
  // A pattern's accounts pass the money along: each sends to the next.
  for (const m of g.motifs) {
    for (let i = 0; i + 1 < m.accounts.length; i++) {
      sent.add(m.accounts[i]);
      received.add(m.accounts[i + 1]);
    }
  }
  const size = g.members.length;
  const passThrough = g.members.filter((m) => sent.has(m) && received.has(m)).length;
  const listedCount = g.members.filter((m) => listed.has(m)).length;
  const signals: Array<[RingReasonName, number, number]> = [
    ['evidence', 1 - Math.exp(-g.mass / EVIDENCE_SCALE), evidence],
    ['confidence', evidence ? scores / evidence : 0, Math.round(g.mass * 1000) / 1000],
    ['layering', size ? passThrough / size : 0, passThrough],
    ['listed_members', size ? listedCount / size : 0, listedCount],
    ['growth', evidence ? recent / evidence : 0, recent],
  ];
  let num = 0;
  let den = 0;
  const reasons: RingReason[] = signals.map(([name, value, raw]) => {
    const weight = DEFAULT_RING_WEIGHTS[name];
    num += weight * value;
    den += weight;
    return { name, value, weight, raw };
  });
  reasons.sort((a, b) => b.weight * b.value - a.weight * a.value);
  return { ring: g.ring, members: g.members, size, risk: den ? num / den : 0, reasons, cyclesTruncated: false };
}
