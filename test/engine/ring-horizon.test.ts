import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EntityGraphBuilder, UnionFind } from '../../src/analytics/index.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { defaultEngineConfig, loadConfigFile } from '../../src/engine/config.js';
import { findRings, type RingReport } from '../../src/engine/rings.js';
import { RingRefresher } from '../../src/engine/ring-refresh.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
let n = 0;
/** Amounts in minor units (CNY: 1.00 = 100). */
const tx = (from: string, to: string, at: number, amount: number, device?: string): Transaction => ({
  id: `h${++n}`, time: at, from, to, amount, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural',
  ...(device ? { device } : {}),
});

function refresher(horizonMs: number, periodMs = DAY): { r: RingRefresher; feed: (t: Transaction) => void } {
  const features = new FeatureExtractor(structuredClone(DEFAULT_FEATURE_CONFIG));
  const r = new RingRefresher(features, periodMs, horizonMs);
  const vector = features.newVector();
  return {
    r,
    feed: (t) => {
      r.before(t);
      features.apply(t, vector);
      r.after(t);
    },
  };
}

const flow = (report: RingReport | undefined) => report?.rings[0]?.reasons.find((x) => x.name === 'internal_flow');
const withoutTime = (report: RingReport | undefined) => report && { ...report, seconds: 0 };

/**
 * R1, R2, R3 share device DEV (one ring). R1→R2 1,000.00 on day 0; R2→R3 100.00 and R3→X
 * 300.00 on day 40. Refreshes are daily; the explicit refresh is at day 41's point, so a
 * 30-day horizon starts at day 11: inside flow 100 of 400 touching = 0.25. With a year's
 * horizon the day-0 transfer counts: 1,100 of 1,400.
 */
const ring = [
  tx('R1', 'R2', T0, 1000_00, 'DEV'),
  tx('R2', 'R3', T0 + 40 * DAY, 100_00, 'DEV'),
  tx('R3', 'X', T0 + 40 * DAY + 1000, 300_00, 'DEV'),
];

test('a transfer older than the horizon no longer counts in a ring\'s flow', () => {
  const short = refresher(30 * DAY);
  const long = refresher(365 * DAY);
  for (const t of ring) (short.feed(t), long.feed(t));
  const a = short.r.refresh();
  const b = long.r.refresh();
  assert.deepEqual(a?.rings[0].members, ['R1', 'R2', 'R3']);
  assert.deepEqual(b?.rings[0].members, ['R1', 'R2', 'R3']);
  assert.equal(flow(a)?.raw, 100);
  assert.equal(flow(a)?.value, 100 / 400);
  assert.equal(flow(b)?.raw, 1100);
  assert.equal(flow(b)?.value, 1100 / 1400);
  assert.equal(a?.transfers, 2, 'the day-0 transfer is not in the graph');
  assert.equal(b?.transfers, 3);
});

test('within the horizon a ring scores as without one', () => {
  // The same ring with everything within 30 days of the refresh point: identical reports.
  const recent = [tx('R1', 'R2', T0, 1000_00, 'DEV'), tx('R2', 'R3', T0 + 20 * DAY, 100_00, 'DEV'), tx('R3', 'R1', T0 + 20 * DAY + 5, 70_00, 'DEV'), tx('R3', 'X', T0 + 21 * DAY, 300_00, 'DEV')];
  const short = refresher(30 * DAY);
  const long = refresher(10_000 * DAY);
  for (const t of recent) (short.feed(t), long.feed(t));
  const a = short.r.refresh();
  const b = long.r.refresh();
  assert.deepEqual(withoutTime(a), withoutTime(b));
  assert.equal(flow(a)?.raw, 1170);
  assert.equal(a?.rings[0].reasons.find((x) => x.name === 'cycles')?.raw, 1, 'R1→R2→R3→R1');
});

test('a zero or negative horizon is refused', () => {
  const features = new FeatureExtractor(structuredClone(DEFAULT_FEATURE_CONFIG));
  assert.throws(() => new RingRefresher(features, DAY, 0), /ring horizon must be positive/);
  assert.throws(() => new RingRefresher(features, DAY, Number.NaN), /ring horizon must be positive/);
});

/** A deterministic stream: 60 accounts in groups of 4 sharing a device, 200 transfers a day. */
function* stream(days: number): Generator<Transaction> {
  let x = 12345;
  const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < 200; k++) {
      const a = Math.floor(rnd() * 60);
      // Mostly within the group, sometimes anywhere (flow leaving the ring).
      const b = rnd() < 0.6 ? (a - (a % 4)) + Math.floor(rnd() * 4) : Math.floor(rnd() * 60);
      yield tx(`A${a}`, `A${b}`, T0 + d * DAY + Math.floor((k * DAY) / 200), 100 + Math.floor(rnd() * 100_000), `D${Math.floor(a / 4)}`);
    }
  }
}

/**
 * From scratch: the rings over the transfers at or after `cutoff` that touch an account whose
 * device component has 3–200 accounts, with every account's device link (each account uses
 * one device, so the refresher's first-user links name the same pairs).
 */
function fromScratch(history: readonly Transaction[], cutoff: number, accountNames: (name: string) => boolean): RingReport {
  const ids = new Map<string, number>();
  const id = (name: string) => (ids.has(name) ? ids.get(name)! : (ids.set(name, ids.size), ids.size - 1));
  const deviceFirst = new Map<string, number>();
  const sets = new UnionFind();
  const links: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const t of history) {
    const a = id(t.from);
    id(t.to);
    sets.ensure(ids.size);
    const first = deviceFirst.get(t.device!);
    if (first === undefined) deviceFirst.set(t.device!, a);
    else sets.union(first, a);
    if (!seen.has(`${t.from} ${t.device}`)) (seen.add(`${t.from} ${t.device}`), links.push([t.from, t.device!]));
  }
  const candidate = (name: string) => {
    const k = sets.sizeOf(ids.get(name)!);
    return k >= 3 && k <= 200 && accountNames(name);
  };
  const b = new EntityGraphBuilder();
  const money = (minor: number) => minor / 100;
  for (const t of history) {
    if (t.time < cutoff || !(candidate(t.from) || candidate(t.to))) continue;
    b.addTransfer(b.addAccount(t.from), b.addAccount(t.to), t.time, money(t.amount));
  }
  for (const [a, device] of links) if (candidate(a)) b.addIdentifierLink(b.addAccount(a), 'device', device);
  return findRings(b.build(), { algorithm: 'components', listed: { has: () => false }, alerted: new Set(), minSize: 3 });
}

test('over a long stream the columns stay bounded and each refresh equals a from-scratch one over the horizon', () => {
  const horizon = 10 * DAY;
  const { r, feed } = refresher(horizon);
  const history: Transaction[] = [];
  let maxCapacity = 0;
  let checked = 0;
  for (const t of stream(120)) {
    feed(t);
    history.push(t);
    maxCapacity = Math.max(maxCapacity, r.capacity);
    // At the end of every day: the refresh as of the next point equals the from-scratch rings.
    if (history.length % 200 === 0) {
      const nextPoint = Math.floor((t.time - T0) / DAY) * DAY + T0 + DAY;
      const got = r.refresh();
      const want = fromScratch(history, nextPoint - horizon, () => true);
      if (checked >= 5) assert.equal(got?.rings.length, 15, 'fifteen rings of four');
      assert.deepEqual(withoutTime(got), withoutTime(want));
      checked++;
    }
  }
  assert.equal(checked, 120);
  // 10 days at 200 a day is 2,000 live transfers (plus a day's worth before the point): the
  // columns never reach 4× that, while 24,000 transfers went by.
  assert.ok(maxCapacity <= 4 * 2200, `capacity ${maxCapacity}`);
  assert.ok(r.held <= r.capacity);
  assert.ok(r.dropped >= 24_000 - 4 * 2200, `dropped ${r.dropped}`);
});

test('identifier links are kept per distinct link, not per transfer', () => {
  const { r, feed } = refresher(30 * DAY);
  for (let d = 0; d < 100; d++) for (const a of ['P', 'Q', 'S']) feed(tx(a, 'M', T0 + d * DAY + 1, 10_00, 'SHARED'));
  // First user P, then Q and S each joined once: P's link, and two pairs.
  assert.equal(r.linkCount, 5);
});

test('the config key ring_horizon sets the horizon (default 30 days); a non-duration is refused naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-ring-horizon-'));
  try {
    const file = join(dir, 'c.json');
    assert.equal(defaultEngineConfig().ringHorizonMs, 30 * DAY);
    writeFileSync(file, JSON.stringify({ ring_horizon: '90d' }));
    assert.equal(loadConfigFile(file).ringHorizonMs, 90 * DAY);
    writeFileSync(file, JSON.stringify({ ring_horizon: 0 }));
    assert.throws(() => loadConfigFile(file), /ring_horizon.*positive|positive.*ring_horizon/);
    writeFileSync(file, JSON.stringify({ ring_horizon: 'soon' }));
    assert.throws(() => loadConfigFile(file), /ring_horizon/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
