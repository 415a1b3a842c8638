import { growFloat64, growInt32, growUint8 } from '../graph/growable.js';
import type { GangMotif } from './gang-types.js';

/** Evidence row kinds (`kind`): weak evidence only attaches a lone account to a ring. */
export const WEAK = 0;
/** An alerted transfer: it may join rings. */
export const ALERT = 1;
/** A feeder link's receipt: joins like an alert, adds no mass. */
export const FEEDER = 2;

/**
 * The gang finder's evidence, as columns (struct of arrays, integer account ids): the evidence
 * transfers, and the hops of the patterns (loops) some of them closed. Append-only; what joins
 * whom is the finder's business (gangs.ts), this only keeps and weighs the rows.
 */
export class GangEvidence {
  from = new Int32Array(0);
  to = new Int32Array(0);
  time = new Float64Array(0);
  amount = new Float64Array(0);
  score = new Float64Array(0);
  /** What each evidence transfer is worth in alerts: 1 when alerted, score ÷ review when weak. */
  weight = new Float64Array(0);
  /** What each row is: WEAK, ALERT or FEEDER. */
  kind = new Uint8Array(0);
  readonly id: string[] = [];
  count = 0;
  /** Pattern hops: the two accounts and the evidence row that closed the pattern. */
  hopFrom = new Int32Array(0);
  hopTo = new Int32Array(0);
  hopVia = new Int32Array(0);
  hops = 0;
  /** The whole pattern each pattern-closing evidence row named, by row (few: loops are rare). */
  readonly patterns = new Map<number, GangMotif>();

  /** Appends one evidence row; returns its index. */
  push(id: string, a: number, b: number, time: number, amount: number, score: number, weight: number, kind: number): number {
    const k = this.count;
    if (k >= this.from.length) {
      this.from = growInt32(this.from, k + 1);
      this.to = growInt32(this.to, k + 1);
      this.time = growFloat64(this.time, k + 1);
      this.amount = growFloat64(this.amount, k + 1);
      this.score = growFloat64(this.score, k + 1);
      this.weight = growFloat64(this.weight, k + 1);
      this.kind = growUint8(this.kind, k + 1);
    }
    this.from[k] = a;
    this.to[k] = b;
    this.time[k] = time;
    this.amount[k] = amount;
    this.score[k] = Math.max(0, Math.min(1, score));
    this.weight[k] = weight;
    this.kind[k] = kind;
    this.id.push(id);
    this.count = k + 1;
    return k;
  }

  /** Appends one hop u → v of the pattern evidence row k closed. */
  pushHop(u: number, v: number, k: number): void {
    const h = this.hops;
    if (h >= this.hopFrom.length) {
      this.hopFrom = growInt32(this.hopFrom, h + 1);
      this.hopTo = growInt32(this.hopTo, h + 1);
      this.hopVia = growInt32(this.hopVia, h + 1);
    }
    this.hopFrom[h] = u;
    this.hopTo[h] = v;
    this.hopVia[h] = k;
    this.hops = h + 1;
  }

  /** What row k adds to its ring's mass: feeder links add none. */
  mass(k: number): number {
    return this.kind[k] === FEEDER ? 0 : this.weight[k];
  }

  /** The most evidence (in alerts) among `rows` (in arrival order) within any `spanMs` of time. */
  burst(rows: readonly number[], spanMs: number): number {
    const order = [...rows].sort((x, y) => this.time[x] - this.time[y] || x - y);
    let best = 0;
    let sum = 0;
    let lo = 0;
    for (let hi = 0; hi < order.length; hi++) {
      sum += this.mass(order[hi]);
      while (this.time[order[hi]] - this.time[order[lo]] > spanMs) sum -= this.mass(order[lo++]);
      if (sum > best) best = sum;
    }
    return best;
  }
}
