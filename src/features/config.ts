/** Configuration of the feature families; pure data, versioned with the rules it feeds. */
export interface FeatureConfig {
  /** Sliding windows in milliseconds, e.g. 1h, 24h, 7d, 30d. */
  windowsMs: number[];
  /** Money features are in major units of this currency. */
  baseCurrency: string;
  /** Units of base currency per one unit of each other currency (major units). Unknown → 1. */
  rates: Record<string, number>;
  /** ISO country of the reporting institution; another country marks a transfer cross-border. */
  homeCountry: string;
  /** Offset of the reporting day from UTC (PBOC days run on Beijing time, UTC+8). */
  dayOffsetMs: number;
  /** Single-transaction reporting thresholds in base-currency major units. */
  thresholds: { cash: number; legal: number; naturalDomestic: number; naturalCrossBorder: number };
  /** An amount at or above this share of its threshold (and below it) is "near" the threshold. */
  nearRatio: number;
  /** Window of the flow statistics (mean/max/std of amounts) and of scatter-gather paths. */
  patternWindowMs: number;
  /** Window of the pass-through ratios (how much of the inflow went out again). */
  passThroughWindowMs: number;
  /** Every transfer of a cycle lies within this window before the closing transfer. */
  cycleWindowMs: number;
  /** Longest cycle counted, in transfers (the closing one included); 2..12. */
  maxCycleLength: number;
  /** Window of the transfer edges the distance to listed accounts walks (either direction). */
  listedWindowMs: number;
  /** Farthest distance to a listed account searched, in hops; 1..6. */
  listedMaxHops: number;
  /**
   * An account with more transfers than this in one direction within a search's window is a
   * super-node (a utility, a cash desk, a payment processor): searches do not expand it, and
   * the skip counts in `search_truncated`.
   */
  patternMaxDegree: number;
  /** Most edges one graph search may examine before it stops (counted in `search_truncated`). */
  patternMaxVisits: number;
  /**
   * Most edges one cycle search examines (the longest search: up to 10 hops over 30 days);
   * lower than `patternMaxVisits` so that busy graphs stay fast.
   */
  cycleMaxVisits: number;
  /**
   * Most first-time links one search for a cycle of first-time links examines (`cycle_new_len`;
   * it walks only first-time links, far fewer than every transfer).
   */
  newLinkCycleMaxVisits: number;
  /**
   * A cycle of first-time links ties its accounts into one ring (see `FeatureExtractor.lastCycle`)
   * only while such loops have closed on at most this many of every 10,000 transfers so far
   * (`cycle_new_rate`): where most transfers open new relationships, loops form by chance.
   */
  newLinkCycleRareRate: number;
  /** Windows of the new-counterparty counts (e.g. 1, 7 and 30 days). */
  fanWindowsMs: number[];
  /** Windows of the same-amount pass-through counts (money in, about the same out). */
  sameAmountWindowsMs: number[];
  /** Windows of the long scatter-gather and gather-scatter features (days to weeks of layering). */
  layeringWindowsMs: number[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** PBOC 大额交易 thresholds (CNY), Beijing day, windows 1h/24h/7d/30d. */
export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  windowsMs: [HOUR, DAY, 7 * DAY, 30 * DAY],
  baseCurrency: 'CNY',
  // Indicative reference rates; deployments override them with their treasury's daily rates.
  rates: {
    CNY: 1, USD: 7.1, EUR: 7.7, GBP: 9.0, HKD: 0.91, JPY: 0.047, SGD: 5.3, AUD: 4.6, CAD: 5.1, CHF: 8.0,
    INR: 0.085, RUB: 0.078, BRL: 1.3, MXN: 0.39, SAR: 1.9, ILS: 1.9, KRW: 0.0052, BTC: 650_000,
  },
  homeCountry: 'CN',
  dayOffsetMs: 8 * HOUR,
  thresholds: { cash: 50_000, legal: 2_000_000, naturalDomestic: 500_000, naturalCrossBorder: 200_000 },
  nearRatio: 0.9,
  patternWindowMs: DAY,
  passThroughWindowMs: DAY,
  // Real layering unfolds over days to weeks: cycles of up to 10 transfers within 30 days.
  cycleWindowMs: 30 * DAY,
  maxCycleLength: 10,
  listedWindowMs: 30 * DAY,
  listedMaxHops: 3,
  patternMaxDegree: 100,
  patternMaxVisits: 300,
  cycleMaxVisits: 120,
  newLinkCycleMaxVisits: 200,
  newLinkCycleRareRate: 10,
  fanWindowsMs: [DAY, 7 * DAY, 30 * DAY],
  sameAmountWindowsMs: [DAY, 7 * DAY],
  layeringWindowsMs: [7 * DAY, 30 * DAY],
};

const UNITS: ReadonlyMap<string, number> = new Map([['ms', 1], ['s', 1000], ['m', 60_000], ['h', HOUR], ['d', DAY], ['w', 7 * DAY]]);

/** Parses "90s", "15m", "1h", "24h", "7d", "2w" (or plain milliseconds) into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(text);
  if (!m) throw new Error(`not a duration: ${JSON.stringify(text)} (use e.g. 90s, 15m, 1h, 7d)`);
  const ms = Number(m[1]) * (UNITS.get(m[2] ?? 'ms') ?? NaN);
  if (!(ms > 0)) throw new Error(`duration must be positive: ${JSON.stringify(text)}`);
  return Math.round(ms);
}

/** The feature-name suffix of a window: the largest unit that divides it ("24h", "7d", "90s"). */
export function windowLabel(ms: number): string {
  if (ms % DAY === 0 && ms / DAY !== 1) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Validates a feature configuration, naming the bad setting. */
export function checkFeatureConfig(c: FeatureConfig): void {
  if (c.windowsMs.length === 0) throw new Error('windows: at least one window is required');
  const labels = new Set<string>();
  for (const w of c.windowsMs) {
    if (!(w > 0)) throw new Error(`windows: ${w} is not a positive duration`);
    const l = windowLabel(w);
    if (labels.has(l)) throw new Error(`windows: ${l} appears twice`);
    labels.add(l);
  }
  if (!(c.nearRatio > 0 && c.nearRatio < 1)) throw new Error('nearRatio: must be between 0 and 1');
  for (const [k, v] of Object.entries(c.thresholds)) {
    if (!(v > 0)) throw new Error(`thresholds.${k}: must be positive`);
  }
  for (const k of ['patternWindowMs', 'passThroughWindowMs', 'cycleWindowMs', 'listedWindowMs'] as const) {
    const w = c[k];
    if (!(typeof w === 'number' && w > 0 && Number.isFinite(w))) throw new Error(`${k}: must be a positive duration`);
  }
  for (const k of ['fanWindowsMs', 'sameAmountWindowsMs', 'layeringWindowsMs'] as const) {
    const ws = c[k];
    if (!Array.isArray(ws)) throw new Error(`${k}: must be a list of durations`);
    const seen = new Set<string>();
    for (const w of ws) {
      if (!(typeof w === 'number' && w > 0 && Number.isFinite(w))) throw new Error(`${k}: ${String(w)} is not a positive duration`);
      if (seen.has(windowLabel(w))) throw new Error(`${k}: ${windowLabel(w)} appears twice`);
      seen.add(windowLabel(w));
    }
  }
  integer(c.maxCycleLength, 'maxCycleLength', 2, 12);
  integer(c.listedMaxHops, 'listedMaxHops', 1, 6);
  integer(c.patternMaxDegree, 'patternMaxDegree', 1, 1e9);
  integer(c.patternMaxVisits, 'patternMaxVisits', 1, 1e9);
  integer(c.cycleMaxVisits, 'cycleMaxVisits', 1, 1e9);
  integer(c.newLinkCycleMaxVisits, 'newLinkCycleMaxVisits', 1, 1e9);
  if (!(c.newLinkCycleRareRate >= 0 && c.newLinkCycleRareRate <= 10_000)) throw new Error('newLinkCycleRareRate: must be from 0 to 10000 (loops per 10,000 transfers)');
}

function integer(v: number, name: string, min: number, max: number): void {
  if (!(Number.isInteger(v) && v >= min && v <= max)) throw new Error(`${name}: must be an integer from ${min} to ${max}`);
}

/**
 * The windows the aggregates keep: the configured feature windows first (in their order), then
 * each pattern window that is not one of them. Feature k of `windowsMs` is aggregate window k.
 */
export function aggregateWindows(c: FeatureConfig): number[] {
  const out = [...c.windowsMs];
  const longest = Math.max(...c.windowsMs, ...c.layeringWindowsMs);
  for (const w of [c.patternWindowMs, c.passThroughWindowMs, c.cycleWindowMs, c.listedWindowMs, ...c.fanWindowsMs, ...c.sameAmountWindowsMs, ...c.layeringWindowsMs, DAY, longest]) {
    if (!out.includes(w)) out.push(w);
  }
  return out;
}
