import type { TransferGraph } from '../graph/transfer-graph.js';
import { WINDOW_METRICS } from './catalog.js';
import type { DayTotals } from './day-totals.js';
import type { WindowAggregates } from './windows.js';

const NM = WINDOW_METRICS.length;

/** An account's live state as the engine holds it: first and last seen, window aggregates, day totals. */
export interface AccountState {
  account: string;
  first_seen: string;
  last_seen: string;
  windows: Record<string, Record<(typeof WINDOW_METRICS)[number], number>>;
  day: { cash: number; domestic: number; cross_border: number };
}

/** What `readAccountState` reads: the extractor's live state and its feature names. */
export interface AccountStateSource {
  graph: TransferGraph;
  outW: WindowAggregates;
  inW: WindowAggregates;
  days: DayTotals;
  windowsMs: readonly number[];
  /** Feature names in vector order: the first window block names each window (`from_out_count_<label>`). */
  names: readonly string[];
}

/**
 * Account `a`'s state as last updated (windows as of its last transaction), for investigators and
 * for checking that a restart rebuilt the same state; sums rounded to cents.
 */
export function readAccountState(src: AccountStateSource, a: number, name: string): AccountState {
  const { graph: g, outW, inW, days } = src;
  const windows: AccountState['windows'] = {};
  src.windowsMs.forEach((_, k) => {
    const i = a * outW.stride + k;
    const label = src.names[k * NM].slice('from_out_count_'.length);
    windows[label] = {
      out_count: outW.count(i), out_sum: round(outW.sum(i)), out_uniq: outW.uniq(i),
      in_count: inW.count(i), in_sum: round(inW.sum(i)), in_uniq: inW.uniq(i),
      near_count: outW.near(i), in_near_count: inW.near(i),
    };
  });
  return {
    account: name,
    first_seen: new Date(g.firstSeen[a]).toISOString(),
    last_seen: new Date(g.lastSeen[a]).toISOString(),
    windows,
    day: { cash: round(days.cash[a]), domestic: round(days.domestic[a]), cross_border: round(days.crossBorder[a]) },
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** What `writeAccountSide` reads: the window aggregates, the day totals and the window count. */
export interface AccountSideSource {
  outW: WindowAggregates;
  inW: WindowAggregates;
  days: DayTotals;
  windows: number;
}

/**
 * Writes one side's account block of the feature vector at `offset`: per window its out and in
 * counts, sums and distinct counterparties and out and in near-threshold counts, then age, new, dormant and
 * today's cash, domestic and cross-border totals.
 */
export function writeAccountSide(src: AccountSideSource, out: Float64Array, offset: number, a: number, age: number, isNew: boolean, dormant: number): void {
  const { outW: ow, inW: iw, days, windows: W } = src;
  const base = a * ow.stride;
  for (let k = 0; k < W; k++) {
    const o = offset + k * NM;
    const i = base + k;
    out[o] = ow.count(i);
    out[o + 1] = ow.sum(i);
    out[o + 2] = ow.uniq(i);
    out[o + 3] = iw.count(i);
    out[o + 4] = iw.sum(i);
    out[o + 5] = iw.uniq(i);
    out[o + 6] = ow.near(i);
    out[o + 7] = iw.near(i);
  }
  const o = offset + W * NM;
  out[o] = age;
  out[o + 1] = isNew ? 1 : 0;
  out[o + 2] = dormant;
  out[o + 3] = days.cash[a];
  out[o + 4] = days.domestic[a];
  out[o + 5] = days.crossBorder[a];
}
