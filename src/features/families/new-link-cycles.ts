import { growFloat64, growInt32 } from '../../graph/growable.js';
import type { FeatureFamily, TransferContext } from './family.js';

export const NEW_LINK_CYCLE_NAMES = ['cycle_new_len', 'cycle_new_rate'] as const;

/**
 * Cycles of first-time links: a transfer s → r that is the first ever from s to r, closing a
 * time-respecting path r → … → s made only of first-time links, all in (t − W, t]. Money moves
 * round a loop of accounts that had never paid each other before — a round trip built for the
 * purpose. On busy data ordinary cycles happen by chance all the time (people pay their usual
 * counterparties back and forth); loops of brand-new relationships do not (measured on
 * AMLSim's busy set: 30 of its 30 laundering cycles close one, against 45 of 516,000 other
 * transfers for loops of 4 or more).
 *
 * - `cycle_new_len`: the cycle's length counting the closing transfer (2..L), 0 when none.
 *   Times along the path never decrease (equal times count, as on a day grid). Rule input only
 *   (see RULE_ONLY_FEATURES).
 * - `cycle_new_rate`: how common such loops (3 transfers or more) have been here: loops closed per
 *   10,000 transfers before this one. Where most transfers open new relationships (a young or
 *   sparse book) loops of them form by chance and are no red flag; a rule can ask for rarity.
 *   Rule input only: it drifts with the engine's history, as absolute time would.
 *
 * The search is a depth-first walk over the first-time links only, newest first, bounded by
 * `maxVisits` links (a cut search reads 0 and is counted as truncated). The links are kept here
 * in their own pool (payee, time, next older link of the same payer) rather than as a filter
 * over the transfer graph's lists, so a walk never steps over repeat payments; links older than
 * the window are dropped when the pool would grow (O(live)), so memory follows the window.
 *
 * The accounts of the cycle found for the last transfer (r first, s last) and the transactions of
 * its hops stay readable through `motif` and `motifTransactions` until the next transfer: the engine attaches them to an alert so the gang finder can
 * join the whole loop, not only the two accounts of the closing transfer.
 */
export class NewLinkCycles implements FeatureFamily {
  readonly id = 'new-link-cycles';
  readonly names = NEW_LINK_CYCLE_NAMES;
  /** The link pool (struct of arrays): payer, payee, time, next older link of the payer. */
  private src = new Int32Array(0);
  private dst = new Int32Array(0);
  private time = new Float64Array(0);
  private next = new Int32Array(0);
  /** The transaction id of each link (a loop's hops are named in its alert's reason). */
  private ids: string[] = [];
  private links = 0;
  /** Newest link of each payer, -1 when none. */
  private head = new Int32Array(0);
  /** Latest link time so far, and whether links arrived in time order (walks may stop early). */
  private maxTime = -Infinity;
  private ordered = true;
  /** Search stack: account, list cursor and earliest usable link time per depth. */
  private readonly node: Int32Array;
  private readonly cursor: Int32Array;
  private readonly from: Float64Array;
  /** The link that led from depth d to depth d + 1. */
  private readonly via: Int32Array;
  /** Per account: the search number that put it on the current path (a path is simple). */
  private onPath = new Int32Array(0);
  private searchNo = 0;
  /** Accounts of the cycle found for the last transfer (r … s), `motifLength` of them. */
  readonly motif: Int32Array;
  motifLength = 0;
  /** Transaction ids of the cycle's hops before the closing transfer (r → … → s), `motifLength − 1` of them. */
  readonly motifTransactions: string[] = [];
  /** Transfers seen and loops of 3 or more found, for `cycle_new_rate`. */
  private transfers = 0;
  private loops = 0;
  /** `cycle_new_rate` as written for the last transfer (loops per 10,000 transfers before it). */
  rate = 0;

  constructor(
    private readonly windowMs: number,
    private readonly maxLength: number,
    private readonly maxVisits: number,
  ) {
    this.node = new Int32Array(maxLength);
    this.cursor = new Int32Array(maxLength);
    this.from = new Float64Array(maxLength);
    this.motif = new Int32Array(maxLength);
    this.via = new Int32Array(maxLength);
  }

  ensureAccounts(n: number): void {
    if (n <= this.head.length) return;
    const old = this.head.length;
    this.head = growInt32(this.head, n);
    this.head.fill(-1, old);
    this.onPath = growInt32(this.onPath, n);
  }

  write(c: TransferContext, out: Float64Array, o: number): number {
    out[o] = 0;
    this.rate = this.transfers === 0 ? 0 : (this.loops * 10_000) / this.transfers;
    out[o + 1] = this.rate;
    this.transfers++;
    this.motifLength = 0;
    this.motifTransactions.length = 0;
    if (c.prevPair !== -1 || c.s === c.r) return 0;
    const cut = this.search(c.s, c.r, c.t);
    out[o] = this.motifLength;
    if (this.motifLength >= 3) this.loops++;
    this.addLink(c.s, c.r, c.t, c.tx.id);
    return cut;
  }

  /** Depth-first search for r → … → s over first-time links; sets `motif`; returns 1 when cut. */
  private search(s: number, r: number, t: number): number {
    if (this.head[r] === -1) return 0;
    const L = this.maxLength;
    const no = ++this.searchNo;
    const node = this.node;
    const cursor = this.cursor;
    const from = this.from;
    const onPath = this.onPath;
    const dst = this.dst;
    const time = this.time;
    const next = this.next;
    const ordered = this.ordered;
    const cutoff = t - this.windowMs;
    node[0] = r;
    cursor[0] = this.head[r];
    from[0] = -Infinity;
    onPath[r] = no;
    onPath[s] = no; // reached only as the end of the path
    let d = 0;
    let visits = 0;
    while (d >= 0) {
      const x = cursor[d];
      if (x === -1) {
        onPath[node[d]] = 0;
        d--;
        continue;
      }
      cursor[d] = next[x];
      if (++visits > this.maxVisits) return 1;
      const tx = time[x];
      if (tx <= cutoff || tx < from[d]) {
        if (ordered) cursor[d] = -1; // older links only from here on
        continue;
      }
      if (tx > t) continue;
      const v = dst[x];
      if (v === s) {
        // r = node[0] → … → node[d] → s, closed by s → r: d + 2 transfers.
        this.motifLength = d + 2;
        this.motif.set(node.subarray(0, d + 1));
        this.motif[d + 1] = s;
        for (let i = 0; i < d; i++) this.motifTransactions.push(this.ids[this.via[i]]);
        this.motifTransactions.push(this.ids[x]);
        return 0;
      }
      if (d + 3 > L || onPath[v] === no) continue;
      this.via[d] = x;
      d++;
      node[d] = v;
      cursor[d] = this.head[v];
      from[d] = tx;
      onPath[v] = no;
    }
    return 0;
  }

  private addLink(s: number, r: number, t: number, id: string): void {
    if (t < this.maxTime) this.ordered = false;
    else this.maxTime = t;
    if (this.links === this.src.length) this.makeRoom();
    const k = this.links++;
    this.src[k] = s;
    this.dst[k] = r;
    this.time[k] = t;
    this.ids[k] = id;
    this.next[k] = this.head[s];
    this.head[s] = k;
  }

  /**
   * Drops the links no transfer can use any more (at or before the latest time less the window)
   * when they are at least half the pool, else grows it. Kept links keep their order.
   */
  private makeRoom(): void {
    const horizon = this.maxTime - this.windowMs;
    let live = 0;
    for (let k = 0; k < this.links; k++) if (this.time[k] > horizon) live++;
    if (this.links > 0 && live <= this.links / 2) {
      this.head.fill(-1);
      let n = 0;
      for (let k = 0; k < this.links; k++) {
        if (!(this.time[k] > horizon)) continue;
        const s = this.src[k];
        this.src[n] = s;
        this.dst[n] = this.dst[k];
        this.time[n] = this.time[k];
        this.ids[n] = this.ids[k];
        this.next[n] = this.head[s];
        this.head[s] = n;
        n++;
      }
      this.links = n;
      this.ids.length = n;
      return;
    }
    const size = Math.max(1024, this.src.length * 2);
    this.src = growInt32(this.src, size);
    this.dst = growInt32(this.dst, size);
    this.time = growFloat64(this.time, size);
    this.next = growInt32(this.next, size);
  }

  /** Links held now (for memory reports and tests). */
  get linkCount(): number {
    return this.links;
  }
}
