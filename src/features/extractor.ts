import type { Transaction } from '../domain/transaction.js';
import { IdentifierLinks } from '../graph/identifier-links.js';
import { Interner } from '../graph/interner.js';
import { EDGE_CASH, EDGE_CROSS_BORDER, EDGE_NEAR_THRESHOLD, TransferGraph } from '../graph/transfer-graph.js';
import { featureLayout, featureNames, WINDOW_METRICS, type FeatureLayout } from './catalog.js';
import { checkFeatureConfig, type FeatureConfig } from './config.js';
import { DayTotals } from './day-totals.js';
import { BaseCurrency } from './money.js';
import { WindowAggregates } from './windows.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NM = WINDOW_METRICS.length;

export function isCashChannel(channel: string): boolean {
  return channel.startsWith('cash') || channel === 'atm';
}

/**
 * Turns each transaction into its feature vector while updating the live state: the
 * transfer graph, sliding windows per account and direction, day totals and identifier
 * links. `apply` is the only mutator, so replaying the same transactions in the same order
 * rebuilds the same state.
 */
export class FeatureExtractor {
  readonly accounts = new Interner();
  readonly graph = new TransferGraph();
  readonly identifiers = new IdentifierLinks();
  readonly layout: FeatureLayout;
  readonly names: readonly string[];
  private readonly outW: WindowAggregates;
  private readonly inW: WindowAggregates;
  private readonly days: DayTotals;
  private readonly money: BaseCurrency;
  /** Time of the earliest transaction seen: how long the engine has been watching. */
  private firstEvent = NaN;

  constructor(readonly config: FeatureConfig) {
    checkFeatureConfig(config);
    this.layout = featureLayout(config);
    this.names = featureNames(config);
    this.outW = new WindowAggregates(config.windowsMs, this.graph, 'out');
    this.inW = new WindowAggregates(config.windowsMs, this.graph, 'in');
    this.days = new DayTotals(config.dayOffsetMs);
    this.money = new BaseCurrency(config);
  }

  /** A fresh vector of the right size. */
  newVector(): Float64Array {
    return new Float64Array(this.layout.size);
  }

  private account(name: string): number {
    const id = this.accounts.intern(name);
    if (id >= this.graph.accountCount) {
      const n = Math.max(id + 1, this.graph.accountCount * 2, 1024);
      this.graph.ensureAccounts(n);
      this.outW.ensureAccounts(n);
      this.inW.ensureAccounts(n);
      this.days.ensureAccounts(n);
    }
    return id;
  }

  /** Applies the transaction to the state and writes its features into `out`. */
  apply(tx: Transaction, out: Float64Array): void {
    const c = this.config;
    const t = tx.time;
    const s = this.account(tx.from);
    const r = this.account(tx.to);
    const amount = this.money.toBase(tx.amount, tx.currency);
    const cash = isCashChannel(tx.channel);
    const crossBorder = tx.channel === 'cross_border' || (tx.country !== undefined && tx.country !== c.homeCountry);
    const fromLegal = tx.from_type === 'legal';
    const threshold = cash
      ? c.thresholds.cash
      : fromLegal
        ? c.thresholds.legal
        : crossBorder
          ? c.thresholds.naturalCrossBorder
          : c.thresholds.naturalDomestic;
    const ratio = amount / threshold;
    const near = ratio >= c.nearRatio && ratio < 1;

    // Account history before this transaction.
    const g = this.graph;
    const sNew = Number.isNaN(g.firstSeen[s]);
    const rNew = Number.isNaN(g.firstSeen[r]);
    const sAge = sNew ? 0 : Math.max(0, t - g.firstSeen[s]) / 1000;
    const rAge = rNew ? 0 : Math.max(0, t - g.firstSeen[r]) / 1000;
    const sDormant = sNew ? 0 : Math.max(0, t - g.lastSeen[s]) / 1000;
    const rDormant = rNew ? 0 : Math.max(0, t - g.lastSeen[r]) / 1000;
    g.touch(s, t);
    if (r !== s) g.touch(r, t);

    // Windows: expire first (see WindowAggregates), then link and add the new edge.
    this.outW.expire(s, t);
    this.inW.expire(s, t);
    this.outW.expire(r, t);
    this.inW.expire(r, t);
    const prevPair = g.previousPairEdge(s, r);
    const flags = (near ? EDGE_NEAR_THRESHOLD : 0) | (cash ? EDGE_CASH : 0) | (crossBorder ? EDGE_CROSS_BORDER : 0);
    const e = g.addEdge(s, r, t, amount, flags);
    this.outW.add(s, e, prevPair);
    this.inW.add(r, e, prevPair);

    // Day totals in the PBOC categories.
    const d = this.days;
    const day = d.dayOf(t);
    d.roll(s, day);
    d.roll(r, day);
    if (cash) {
      const customer = tx.channel === 'cash_in' ? r : s;
      d.cash[customer] += amount;
    } else if (crossBorder) {
      d.crossBorder[s] += amount;
      if (r !== s) d.crossBorder[r] += amount;
    } else {
      d.domestic[s] += amount;
      if (r !== s) d.domestic[r] += amount;
    }

    this.writeSide(out, this.layout.side[0], s, sAge, sNew, sDormant);
    this.writeSide(out, this.layout.side[1], r, rAge, rNew, rDormant);

    const o = this.layout.tx;
    out[o] = amount;
    out[o + 1] = cash ? 1 : 0;
    out[o + 2] = crossBorder ? 1 : 0;
    out[o + 3] = fromLegal ? 1 : 0;
    out[o + 4] = tx.to_type === 'legal' ? 1 : 0;
    out[o + 5] = threshold;
    out[o + 6] = ratio;
    out[o + 7] = near ? 1 : 0;
    out[o + 8] = Math.floor((((t + c.dayOffsetMs) % DAY) + DAY) % DAY / HOUR);
    const ids = this.identifiers;
    out[o + 9] = tx.device ? ids.link('device', tx.device, s) : 0;
    out[o + 10] = tx.phone ? ids.link('phone', tx.phone, s) : 0;
    out[o + 11] = tx.ip ? ids.link('ip', tx.ip, s) : 0;
    if (Number.isNaN(this.firstEvent) || t < this.firstEvent) this.firstEvent = t;
    out[o + 12] = (t - this.firstEvent) / 1000;
  }

  private writeSide(out: Float64Array, offset: number, a: number, age: number, isNew: boolean, dormant: number): void {
    const W = this.layout.windows;
    const base = a * W;
    const ow = this.outW;
    const iw = this.inW;
    for (let k = 0; k < W; k++) {
      const o = offset + k * NM;
      const i = base + k;
      out[o] = ow.count[i];
      out[o + 1] = ow.sum[i];
      out[o + 2] = ow.uniq[i];
      out[o + 3] = iw.count[i];
      out[o + 4] = iw.sum[i];
      out[o + 5] = iw.uniq[i];
      out[o + 6] = ow.near[i];
    }
    const o = offset + W * NM;
    out[o] = age;
    out[o + 1] = isNew ? 1 : 0;
    out[o + 2] = dormant;
    out[o + 3] = this.days.cash[a];
    out[o + 4] = this.days.domestic[a];
    out[o + 5] = this.days.crossBorder[a];
  }

  /**
   * The account's live state as last updated (windows as of its last transaction), for
   * investigators and for checking that a restart rebuilt the same state.
   */
  accountState(name: string): AccountState | undefined {
    const a = this.accounts.lookup(name);
    if (a === -1) return undefined;
    const g = this.graph;
    const W = this.layout.windows;
    const windows: AccountState['windows'] = {};
    this.config.windowsMs.forEach((_, k) => {
      const i = a * W + k;
      const label = this.names[k * NM].slice('from_out_count_'.length);
      windows[label] = {
        out_count: this.outW.count[i], out_sum: round(this.outW.sum[i]), out_uniq: this.outW.uniq[i],
        in_count: this.inW.count[i], in_sum: round(this.inW.sum[i]), in_uniq: this.inW.uniq[i],
        near_count: this.outW.near[i],
      };
    });
    return {
      account: name,
      first_seen: new Date(g.firstSeen[a]).toISOString(),
      last_seen: new Date(g.lastSeen[a]).toISOString(),
      windows,
      day: { cash: round(this.days.cash[a]), domestic: round(this.days.domestic[a]), cross_border: round(this.days.crossBorder[a]) },
    };
  }

  /** Bytes held by the live state, and bytes per edge of the transfer graph. */
  memory(): { graphBytes: number; windowBytes: number; bytesPerEdge: number; edges: number; accounts: number } {
    const m = this.graph.memory();
    return {
      graphBytes: m.allocatedBytes,
      windowBytes: this.outW.bytes + this.inW.bytes,
      bytesPerEdge: m.usedBytesPerEdge,
      edges: this.graph.edgeCount,
      accounts: this.accounts.size,
    };
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export interface AccountState {
  account: string;
  first_seen: string;
  last_seen: string;
  windows: Record<string, Record<(typeof WINDOW_METRICS)[number], number>>;
  day: { cash: number; domestic: number; cross_border: number };
}
