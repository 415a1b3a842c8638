import { growFloat64, growInt32 } from '../graph/growable.js';
import { Interner } from '../graph/interner.js';
import { stableRingId } from './components.js';

/**
 * The gang finder: rings grown from suspicious structure, not from the whole transfer graph.
 *
 * Modularity communities of a bank's transfer graph are neighbourhoods (hundreds of accounts
 * joined by payroll, suppliers and families); a laundering group is a handful of accounts tied
 * by transfers that each look wrong. So a ring here is a connected group of *evidence
 * transfers* — transfers flagged by the rules, the anomaly score or a model (decision REVIEW or
 * BLOCK, or a score at or above `minScore`) — kept to case size:
 * - evidence in the burn-in (the first `burnInMs` of data, while windows and pair histories are
 *   still empty and every transfer looks new) is not used;
 * - an account with more than `maxDegree` distinct evidence counterparties is a hub (a utility,
 *   a cash desk, a popular merchant): its transfers stay evidence of the ring on their other
 *   side, but a hub never merges two rings and is no member of any;
 * - two rings merge only while the result has at most `maxSize` members, and only through an
 *   alerted transfer: weak evidence (a score at or above `minScore` without an alert) attaches a
 *   lone account to a ring of two or more, and never joins two rings;
 * - a ring is reported when it has at least `minSize` members and its evidence mass reaches
 *   `minMass`: how many alerts it is worth, an alerted transfer counting 1 and weak evidence its
 *   share of the review threshold (score ÷ (1.5 · minScore), at most 1) — the same scale whether
 *   the alerts came from rules, an anomaly score or a model.
 *
 * Incremental: each evidence transfer is one union-find step, so `rings()` at any point equals
 * a fresh finder fed the same transfers in the same order. Deterministic: ring ids come from the
 * smallest member name (`stableRingId`).
 */
export interface GangOptions {
  minScore: number;
  burnInMs: number;
  maxDegree: number;
  maxSize: number;
  minSize: number;
  minMass: number;
}

export const DEFAULT_GANG_OPTIONS: Readonly<GangOptions> = Object.freeze({
  minScore: Infinity,
  burnInMs: 30 * 86_400_000,
  maxDegree: 25,
  maxSize: 60,
  minSize: 3,
  minMass: 4,
});

/** One evidence transfer of a ring. */
export interface GangEdge {
  id: string;
  from: string;
  to: string;
  time: number;
  amount: number;
  score: number;
}

export interface Gang {
  ring: string;
  /** Member account names, sorted. */
  members: string[];
  /** Evidence transfers, in arrival order. */
  edges: GangEdge[];
  /** Σ evidence weights: alerts count 1, weak evidence its share of the review threshold. */
  mass: number;
  first: number;
  last: number;
}

export class GangFinder {
  readonly options: GangOptions;
  private readonly accounts = new Interner();
  private parent = new Int32Array(0);
  private size = new Int32Array(0);
  /** Distinct evidence counterparties per account (capped at maxDegree + 1: enough to know a hub). */
  private degree = new Int32Array(0);
  private readonly neighbours = new Map<number, Set<number>>();
  /** Evidence transfers (struct of arrays). */
  private eFrom = new Int32Array(0);
  private eTo = new Int32Array(0);
  private eTime = new Float64Array(0);
  private eAmount = new Float64Array(0);
  private eScore = new Float64Array(0);
  /** What each evidence transfer is worth in alerts: 1 when alerted, score ÷ review when weak. */
  private eWeight = new Float64Array(0);
  private readonly eId: string[] = [];
  private edges = 0;
  private start = NaN;

  constructor(options: Partial<GangOptions> = {}) {
    this.options = { ...DEFAULT_GANG_OPTIONS, ...options };
  }

  private account(name: string): number {
    const id = this.accounts.intern(name);
    if (id >= this.parent.length) {
      const old = this.parent.length;
      this.parent = growInt32(this.parent, id + 1);
      this.size = growInt32(this.size, id + 1);
      this.degree = growInt32(this.degree, id + 1);
      for (let i = old; i < this.parent.length; i++) {
        this.parent[i] = i;
        this.size[i] = 1;
      }
    }
    return id;
  }

  private find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }

  private link(a: number, b: number): void {
    if (this.degree[a] > this.options.maxDegree) return;
    let set = this.neighbours.get(a);
    if (!set) this.neighbours.set(a, (set = new Set()));
    if (!set.has(b)) {
      set.add(b);
      this.degree[a]++;
      // A hub's neighbour set is no longer needed: its degree is all that is read.
      if (this.degree[a] > this.options.maxDegree) this.neighbours.delete(a);
    }
  }

  /**
   * Offers one scored transfer (in time order). It becomes evidence when `flagged` or its score
   * reaches `minScore`, after the burn-in. Returns true when it was taken as evidence.
   */
  add(id: string, from: string, to: string, time: number, amount: number, score: number, flagged: boolean): boolean {
    if (Number.isNaN(this.start) || time < this.start) this.start = time;
    if (!(flagged || score >= this.options.minScore)) return false;
    if (time - this.start < this.options.burnInMs || from === to) return false;
    const a = this.account(from);
    const b = this.account(to);
    const k = this.edges;
    if (k >= this.eFrom.length) {
      this.eFrom = growInt32(this.eFrom, k + 1);
      this.eTo = growInt32(this.eTo, k + 1);
      this.eTime = growFloat64(this.eTime, k + 1);
      this.eAmount = growFloat64(this.eAmount, k + 1);
      this.eScore = growFloat64(this.eScore, k + 1);
      this.eWeight = growFloat64(this.eWeight, k + 1);
    }
    this.eFrom[k] = a;
    this.eTo[k] = b;
    this.eTime[k] = time;
    this.eAmount[k] = amount;
    this.eScore[k] = Math.max(0, Math.min(1, score));
    this.eWeight[k] = flagged ? 1 : Math.min(1, (2 / 3) * (score / this.options.minScore));
    this.eId.push(id);
    this.edges = k + 1;
    this.link(a, b);
    this.link(b, a);
    const max = this.options.maxDegree;
    if (this.degree[a] > max || this.degree[b] > max) return true;
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb || this.size[ra] + this.size[rb] > this.options.maxSize) return true;
    // Weak evidence (scored, not alerted) only attaches a lone account to a ring of two or more:
    // it extends a gang, it never joins two.
    if (!flagged && !((this.size[ra] === 1 && this.size[rb] >= 2) || (this.size[rb] === 1 && this.size[ra] >= 2))) return true;
    const [big, small] = this.size[ra] > this.size[rb] || (this.size[ra] === this.size[rb] && ra < rb) ? [ra, rb] : [rb, ra];
    this.parent[small] = big;
    this.size[big] += this.size[small];
    return true;
  }

  get evidenceCount(): number {
    return this.edges;
  }

  /** The rings as they stand: components of the evidence, filtered by size and mass, largest mass first. */
  rings(): Gang[] {
    const byRoot = new Map<number, { members: Set<number>; edges: number[]; mass: number }>();
    const names = this.accounts;
    for (let k = 0; k < this.edges; k++) {
      const a = this.eFrom[k];
      const b = this.eTo[k];
      const hubA = this.degree[a] > this.options.maxDegree;
      const hubB = this.degree[b] > this.options.maxDegree;
      if (hubA && hubB) continue;
      // An edge to a hub is evidence of the other side's ring; the hub itself is no member.
      const root = this.find(hubA ? b : a);
      if (!hubA && !hubB && this.find(b) !== root) continue; // a merge refused by the size cap
      let g = byRoot.get(root);
      if (!g) byRoot.set(root, (g = { members: new Set(), edges: [], mass: 0 }));
      if (!hubA) g.members.add(a);
      if (!hubB) g.members.add(b);
      g.edges.push(k);
      g.mass += this.eWeight[k];
    }
    const out: Gang[] = [];
    for (const g of byRoot.values()) {
      if (g.members.size < this.options.minSize || g.mass < this.options.minMass - 1e-9) continue;
      const members = [...g.members].map((m) => names.name(m)).sort();
      const edges = g.edges.map((k) => ({
        id: this.eId[k], from: names.name(this.eFrom[k]), to: names.name(this.eTo[k]), time: this.eTime[k], amount: this.eAmount[k], score: this.eScore[k],
      }));
      out.push({ ring: stableRingId(members[0]), members, edges, mass: g.mass, first: edges[0].time, last: edges[edges.length - 1].time });
    }
    return out.sort((x, y) => y.mass - x.mass || (x.ring < y.ring ? -1 : 1));
  }
}
