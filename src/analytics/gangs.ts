import { growInt32 } from '../graph/growable.js';
import { Interner } from '../graph/interner.js';
import { stableRingId, UnionFind } from './components.js';
import { ALERT, FEEDER, GangEvidence, WEAK } from './gang-evidence.js';
import { Feeders, type Receipt } from './gang-feeders.js';
import { DEFAULT_GANG_OPTIONS, type Gang, type GangMotif, type GangOptions, type GangPattern } from './gang-types.js';

export { DEFAULT_GANG_OPTIONS } from './gang-types.js';
export type { Gang, GangEdge, GangMotif, GangOptions, GangPattern } from './gang-types.js';

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
 *   lone account to a ring of two or more, and never joins two rings; two rings of `mergeFrom`
 *   or more members each need `mergeLinks` alerted transfers between them (measured: on the
 *   demo bank one stray link welded planted groups into 60-member blobs, 10 of 40 found; with
 *   two links from six members 14 of 40, AMLSim unchanged);
 * - a ring is reported when it has at least `minSize` members and its evidence mass reaches
 *   `minMass`: how many alerts it is worth, an alerted transfer counting 1 and weak evidence its
 *   share of the review threshold (score ÷ (1.5 · minScore), at most 1) — the same scale whether
 *   the alerts came from rules, an anomaly score or a model — or `burstMass` within some
 *   `burstMs` of its evidence transfers (a fan burst: three alerts on one account in a day, also
 *   when the ring has older evidence; a loop's hops count for `minMass`, not for a burst).
 *   Measured on AMLSim (last 20 %, three model files of the quiet set, one of the busy set):
 *   5, with bursts of 3 in a day, against 4 without: quiet ring precision 0.714/0.730/0.775 →
 *   0.750/0.757/0.779 at the same recall (stray background accounts alerted four times over
 *   months drop out); busy recall 0.839 → 0.839, precision 0.785 → 0.800 (one-day fan bursts of
 *   three alerts come in); without labels quiet 0.333/0.407 → 0.417/0.435, busy 0.710/0.589 → 0.742/0.610.
 *   A burst within any day of the ring rather than all of its evidence within one day: busy
 *   0.839/0.820 → 0.871/0.806 (a fan burst welded to an older small ring comes in), quiet unchanged,
 *   without labels quiet precision 0.435 → 0.480, busy 0.610 → 0.671 (a loop's hops no longer make a burst).
 *
 * - an account seen only on cross-border or cash transfers is no customer of the bank: another
 *   institution's (an offshore beneficiary, a foreign exchange house) or the bank's own cash desk
 *   or ATM. Like a hub it is evidence for the other side and never a member or a bridge
 *   (measured on the demo bank: a few offshore accounts and cash desks shared by unrelated
 *   schemes welded them into 60-member blobs);
 * - an alerted transfer that closed a pattern names the pattern's accounts (a cycle of first-time
 *   links: payee → … → payer); each hop of the pattern joins like an alerted transfer of the same
 *   weight, so the whole loop becomes one ring and not only the closing transfer's two ends
 *   (measured on AMLSim's busy set: such a loop's other transfers are rarely flagged on their own).
 *
 * - an alerted transfer that passes on most of its payer's last incoming transfer (see
 *   `passRatio`, `passMs`) makes that transfer a feeder link: it joins the feeder to the payer's
 *   ring like an alerted transfer (under the same size cap and merge rules) — a mule chain's
 *   sources, whose own transfers look ordinary — but adds no evidence mass: it is no alert,
 *   only the route of money an alert passed on. So are the receipts an alert passes on in parts
 *   (split feeders, see `Feeders`). Measured on the demo bank and AMLSim: analytics/README.md.
 *
 * Incremental: each evidence transfer is one union-find step, so `rings()` at any point equals
 * a fresh finder fed the same transfers in the same order. Deterministic: ring ids come from the
 * smallest member name (`stableRingId`).
 */
export class GangFinder {
  readonly options: GangOptions;
  private readonly accounts = new Interner();
  private readonly sets = new UnionFind();
  /** Distinct evidence counterparties per account (capped at maxDegree + 1: enough to know a hub). */
  private degree = new Int32Array(0);
  private readonly neighbours = new Map<number, Set<number>>();
  /** Evidence transfers and pattern hops (see GangEvidence). */
  private readonly ev = new GangEvidence();
  private start = NaN;
  /** Accounts seen on cross-border or cash transfers, and accounts seen on any other transfer. */
  private readonly outside = new Set<string>();
  private readonly customer = new Set<string>();
  /** Each account's last incoming customer transfer: the candidate feeder of its next payment. */
  private readonly feeders: Feeders;
  /** Alerted transfers seen so far between two rings (by their roots then) that may not merge yet. */
  private readonly pending = new Map<string, number>();

  constructor(options: Partial<GangOptions> = {}) {
    this.options = { ...DEFAULT_GANG_OPTIONS, ...options };
    this.feeders = new Feeders(this.options.passRatio, this.options.passMs);
    this.start = this.options.start;
  }

  private account(name: string): number {
    const id = this.accounts.intern(name);
    this.sets.ensure(id + 1);
    this.degree = growInt32(this.degree, id + 1);
    return id;
  }

  private find(x: number): number {
    return this.sets.find(x);
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
   * reaches `minScore`, after the burn-in. `pattern`: the cycle it closed (accounts in order, hop transactions)
   * (joined hop by hop when the transfer is taken). `outside`: a cross-border or cash transfer
   * (see `external`). Returns true when it was taken as evidence.
   */
  add(id: string, from: string, to: string, time: number, amount: number, score: number, flagged: boolean, pattern?: GangPattern, outside = false, weight?: number): boolean {
    if (Number.isNaN(this.start) || time < this.start) this.start = time;
    if (outside) {
      this.outside.add(from);
      this.outside.add(to);
    } else {
      this.customer.add(from);
      this.customer.add(to);
    }
    const taken = this.take(id, from, to, time, amount, score, flagged, pattern, weight);
    if (from === to) return taken;
    // A desk's or another bank's payment feeds nobody; a customer's cash-out is a payment like any other.
    if (!outside) this.feeders.received(to, id, from, time, amount, score, taken);
    this.feeders.paid(from, amount);
    if (!(taken && flagged)) return taken;
    const fed = this.feeders.lastOf(from); // from ≠ to: the payee's receipt just recorded left the payer's alone
    if (fed !== undefined) this.feeder(fed, from, to, time, amount);
    this.splitFeeders(from, to, time);
    return taken;
  }

  /** Takes the transfer as evidence when it is (see `add`); joins its accounts and any pattern it closed. */
  private take(id: string, from: string, to: string, time: number, amount: number, score: number, flagged: boolean, pattern: GangPattern | undefined, weight: number | undefined): boolean {
    if (!(flagged || score >= this.options.minScore)) return false;
    if (time - this.start < this.options.burnInMs || from === to) return false;
    const a = this.account(from);
    const b = this.account(to);
    const k = this.ev.push(id, a, b, time, amount, score, weight ?? (flagged ? 1 : Math.min(1, (2 / 3) * (score / this.options.minScore))), flagged ? ALERT : WEAK);
    this.join(a, b, flagged);
    const loop = pattern?.accounts;
    if (loop && loop.length >= 3 && loop[0] === to && loop[loop.length - 1] === from) {
      const named = pattern?.transactions?.length === loop.length - 1 ? pattern.transactions : undefined;
      this.ev.patterns.set(k, { kind: 'cycle', via: id, accounts: [...loop], ...(named ? { transactions: [...named] } : {}) });
      for (let i = 0; i + 1 < loop.length; i++) {
        const u = this.account(loop[i]);
        const v = this.account(loop[i + 1]);
        if (u === v) continue;
        this.ev.pushHop(u, v, k);
        this.join(u, v, flagged);
      }
    }
    return true;
  }

  /** The payer's last incoming transfer as a feeder link when this alerted transfer passes it on (see `passRatio`). */
  private feeder(fed: Receipt, from: string, to: string, time: number, amount: number): void {
    if (this.sameRing(fed.from, from) || !this.feeders.feeds(fed, from, to, time, amount, this.start + this.options.burnInMs)) return;
    this.feederLink(fed, this.account(fed.from), this.account(from));
  }

  /** The payer's last run of receipts as feeder links when its payments since, this alert among them, pass the run on in parts. */
  private splitFeeders(from: string, to: string, time: number): void {
    for (const r of this.feeders.splitFeeds(from, to, time, this.start + this.options.burnInMs, (x) => this.sameRing(x, from))) this.feederLink(r, this.account(r.from), this.account(from));
  }

  /** Both accounts known and in one ring: a receipt from the payer's own ring ties nothing new (a loop's hop the alert joined). */
  private sameRing(x: string, y: string): boolean {
    const [a, b] = [this.accounts.lookup(x), this.accounts.lookup(y)];
    return a !== -1 && b !== -1 && this.find(a) === this.find(b);
  }

  private feederLink(fed: Receipt, a: number, b: number): void {
    this.ev.push(fed.id, a, b, fed.time, fed.amount, fed.score, 1, FEEDER);
    this.join(a, b, true);
  }

  /** True for an account seen so far only on cross-border or cash transfers (no customer). */
  private external(a: number): boolean {
    if (this.outside.size === 0) return false;
    const name = this.accounts.name(a);
    return this.outside.has(name) && !this.customer.has(name);
  }

  /** Records a as b's evidence counterparty and back, then merges their rings if the rules allow. */
  private join(a: number, b: number, flagged: boolean): void {
    this.link(a, b);
    this.link(b, a);
    const max = this.options.maxDegree;
    if (this.degree[a] > max || this.degree[b] > max || this.external(a) || this.external(b)) return;
    const sa = this.sets.sizeOf(a);
    const sb = this.sets.sizeOf(b);
    if (this.find(a) === this.find(b) || sa + sb > this.options.maxSize) return;
    // Weak evidence (scored, not alerted) joins nothing: it attaches a lone account to a ring of
    // two or more when the rings are read (see `rings`), so that an account a ring merely paid
    // (or was paid by) cannot later bridge that ring to another one its alerts tie it to.
    if (!flagged) return;
    if (sa >= this.options.mergeFrom && sb >= this.options.mergeFrom && this.options.mergeLinks > 1) {
      const ra = this.find(a);
      const rb = this.find(b);
      const key = ra < rb ? `${ra}:${rb}` : `${rb}:${ra}`;
      const seen = (this.pending.get(key) ?? 0) + 1;
      if (seen < this.options.mergeLinks) {
        this.pending.set(key, seen);
        return;
      }
      this.pending.delete(key);
    }
    this.sets.union(a, b);
  }

  get evidenceCount(): number {
    return this.ev.count;
  }

  /** The rings as they stand: components of the evidence, filtered by size and mass, largest mass first. */
  rings(): Gang[] {
    type Group = { members: Set<number>; edges: number[]; hops: number[]; mass: number };
    const byRoot = new Map<number, Group>();
    const names = this.accounts;
    const ev = this.ev;
    // The group a link between a and b counts for: the non-hub side's ring; none when both are
    // hubs or the size cap kept their rings apart.
    const lone = (x: number): boolean => this.sets.sizeOf(x) === 1;
    const hub = (x: number): boolean => this.degree[x] > this.options.maxDegree || this.external(x);
    /** The lone account and the ring on the other side of a weak link between two sets, or undefined. */
    const weakPair = (a: number, b: number): [number, number] | undefined => {
      if (hub(a) || hub(b)) return undefined;
      const ra = this.find(a);
      const rb = this.find(b);
      if (ra === rb) return undefined;
      return lone(a) && !lone(b) ? [a, rb] : lone(b) && !lone(a) ? [b, ra] : undefined;
    };
    // Weak evidence attaches a lone account (one no alert tied to anyone) to the ring of two or
    // more its weak links into it are worth `attachMass` alerts together — to the ring they weigh
    // most for, first reached on a tie — while the ring stays within maxSize.
    const weight = new Map<number, Map<number, number>>();
    for (let k = 0; k < ev.count; k++) {
      if (ev.kind[k] !== WEAK) continue;
      const pair = weakPair(ev.from[k], ev.to[k]);
      if (!pair) continue;
      let rings = weight.get(pair[0]);
      if (!rings) weight.set(pair[0], (rings = new Map()));
      rings.set(pair[1], (rings.get(pair[1]) ?? 0) + ev.weight[k]);
    }
    const attached = new Map<number, number>();
    const extra = new Map<number, number>();
    for (const [x, rings] of weight) {
      let best = -1;
      let most = 0;
      for (const [ring, w] of rings) if (w > most) [best, most] = [ring, w];
      if (most < this.options.attachMass - 1e-9) continue;
      const taken = extra.get(best) ?? 0;
      if (this.sets.sizeOf(best) + taken >= this.options.maxSize) continue;
      extra.set(best, taken + 1);
      attached.set(x, best);
    }
    const groupOf = (a: number, b: number, alert: boolean): Group | undefined => {
      const hubA = hub(a);
      const hubB = hub(b);
      if (hubA && hubB) return undefined;
      // An edge to a hub is evidence of the other side's ring; the hub itself is no member.
      let root = this.find(hubA ? b : a);
      if (!hubA && !hubB && this.find(b) !== root) {
        if (alert) return undefined; // a merge refused by the size cap
        const pair = weakPair(a, b);
        if (!pair || attached.get(pair[0]) !== pair[1]) return undefined;
        root = pair[1];
      }
      let g = byRoot.get(root);
      if (!g) byRoot.set(root, (g = { members: new Set(), edges: [], hops: [], mass: 0 }));
      if (!hubA) g.members.add(a);
      if (!hubB) g.members.add(b);
      return g;
    };
    for (let k = 0; k < ev.count; k++) {
      const g = groupOf(ev.from[k], ev.to[k], ev.kind[k] !== WEAK);
      if (!g) continue;
      g.edges.push(k);
      g.mass += ev.mass(k);
    }
    for (let h = 0; h < ev.hops; h++) {
      const g = groupOf(ev.hopFrom[h], ev.hopTo[h], ev.kind[ev.hopVia[h]] === ALERT);
      if (!g) continue;
      g.hops.push(h);
      g.mass += ev.mass(ev.hopVia[h]);
    }
    const out: Gang[] = [];
    for (const g of byRoot.values()) {
      const pair = g.members.size === 2 && this.options.minSize <= 3 && g.mass >= this.options.pairMass - 1e-9;
      if (g.members.size < this.options.minSize && !pair) continue;
      if (g.mass < Math.min(this.options.minMass, this.options.burstMass) - 1e-9) continue;
      if (g.mass < this.options.minMass - 1e-9 && ev.burst(g.edges, this.options.burstMs) < this.options.burstMass - 1e-9) continue;
      const members = [...g.members].map((m) => names.name(m)).sort();
      const edges = g.edges.map((k) => ({
        id: ev.id[k], from: names.name(ev.from[k]), to: names.name(ev.to[k]), time: ev.time[k], amount: ev.amount[k], score: ev.score[k], ...(ev.kind[k] === FEEDER ? { feeder: true as const } : {}),
      }));
      // Each pattern whole (every account and hop transaction of the loop), once, when any of its
      // hops counts for this ring: a loop through a hub or an outside account is still one loop.
      const motifs: GangMotif[] = [];
      const named = new Set<number>();
      for (const h of g.hops) {
        const k = ev.hopVia[h];
        if (named.has(k)) continue;
        named.add(k);
        const m = ev.patterns.get(k)!;
        motifs.push({ ...m, accounts: [...m.accounts], ...(m.transactions ? { transactions: [...m.transactions] } : {}) });
      }
      let first = Infinity;
      let last = -Infinity;
      for (const k of [...g.edges, ...g.hops.map((h) => ev.hopVia[h])]) {
        first = Math.min(first, ev.time[k]);
        last = Math.max(last, ev.time[k]);
      }
      out.push({ ring: stableRingId(members[0]), members, edges, motifs, mass: g.mass, first, last });
    }
    return out.sort((x, y) => y.mass - x.mass || (x.ring < y.ring ? -1 : 1));
  }
}
