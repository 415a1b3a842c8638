import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ScoredTransaction } from '../../src/domain/alert.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';
import { GangCollector, gangsFromStore, StoreGangs } from '../../src/engine/gangs.js';
import { MemoryStore } from '../../src/store/memory.js';
import { openStores } from '../../src/store/open.js';
import { createRng } from '../../src/ml/prng.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const none = { has: () => false };

/** Scored transfers over 60 days: background payments and alerted transfers inside a few planted groups. */
function traffic(seed: number, n: number, firstId = 0): ScoredTransaction[] {
  const rnd = createRng(seed);
  const out: ScoredTransaction[] = [];
  for (let i = 0; i < n; i++) {
    const alerted = rnd() < 0.3;
    const g = Math.floor(rnd() * 4);
    const from = alerted ? `G${g}-${Math.floor(rnd() * 5)}` : `C${Math.floor(rnd() * 200)}`;
    const to = alerted ? `G${g}-${Math.floor(rnd() * 5)}` : `C${Math.floor(rnd() * 200)}`;
    const t: Transaction = {
      id: `X${firstId + i}`, time: T0 + Math.floor((i / n) * 60 * DAY), from, to, amount: 1000 + Math.floor(rnd() * 9000), currency: 'CNY',
      channel: 'transfer', from_type: 'natural', to_type: 'natural',
    };
    const score = alerted ? 0.8 : 0.1;
    out.push({ tx: t, decision: { id: t.id, score, decision: alerted ? 'REVIEW' : 'ALLOW', reasons: alerted ? [{ rule: 'r', weight: 1, values: [] }] : [] } });
  }
  return out;
}

function strip(r: Awaited<ReturnType<typeof gangsFromStore>>): unknown {
  return { ...r, seconds: 0 };
}

test('store gangs read on from where they stopped and equal a full replay of the log', async () => {
  const store = new MemoryStore();
  const gangs = new StoreGangs(store, DEFAULT_FEATURE_CONFIG);
  const all = traffic(7, 3000);
  for (let i = 0; i < all.length; i += 400) {
    await store.append(all.slice(i, i + 400));
    await gangs.update();
    assert.deepEqual(strip(gangs.report(none)), strip(await gangsFromStore(store, DEFAULT_FEATURE_CONFIG, none)));
  }
  assert.equal(gangs.rows, 3000);
  assert.equal(gangs.rebuilds, 1, 'read once from the start, then only what was appended');
  assert.ok(gangs.report(none).rings.length >= 3, 'the planted groups are found after the burn-in');
});

test('store gangs reread the log when rows are placed behind the last one read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-store-gangs-'));
  try {
    const stores = await openStores(join(dir, 'g.db'), { durability: 'normal' });
    const store = stores.transactions;
    const rows = traffic(11, 1200).map((x, i) => ({ ...x, position: 2 * i + 2 }));
    // Every other place is left free at first, then filled behind the reader.
    await store.append(rows.filter((_, i) => i % 3 !== 1));
    const gangs = new StoreGangs(store, DEFAULT_FEATURE_CONFIG);
    await gangs.update();
    const behind = rows.filter((_, i) => i % 3 === 1).map((x) => ({ ...x, position: x.position! - 1 }));
    await store.append(behind);
    await gangs.update();
    assert.equal(gangs.rebuilds, 2);
    assert.equal(gangs.rows, 1200);
    assert.deepEqual(strip(gangs.report(none)), strip(await gangsFromStore(store, DEFAULT_FEATURE_CONFIG, none)));
    await stores.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('store gangs stay bounded: past maxEvidence they are rebuilt from the ring horizon, the burn-in still counted from the log start', async () => {
  const store = new MemoryStore();
  const all = traffic(5, 6000); // 60 days, alerts inside four planted groups all along
  const full = new StoreGangs(store, DEFAULT_FEATURE_CONFIG);
  const bounded = new StoreGangs(store, DEFAULT_FEATURE_CONFIG, () => false, { maxEvidence: 300, horizonMs: 5 * DAY });
  await store.append(all.slice(0, 5000));
  await full.update();
  await bounded.update();
  assert.equal(bounded.trims, 1);
  assert.equal(bounded.rows, 5000, 'every row read once');
  assert.ok(bounded.evidence < 0.75 * full.evidence, `${bounded.evidence} of ${full.evidence} evidence transfers held`);
  const latest = all[4999].tx.time;
  const rings = bounded.report(none).rings;
  // Rebuilt from the page that starts at or before 5 days before the latest row (day 40; pages of
  // 1,000 rows span 10 days here): with the burn-in counted from there nothing would be evidence yet.
  // The full collector's evidence starts at day 30, when the 30-day burn-in ends.
  assert.ok(rings.length >= 3, 'the planted groups are still rings');
  for (const r of rings) for (const e of r.evidence ?? []) assert.ok(e.time >= latest - 10.5 * DAY, 'only evidence from the rebuilt stretch');
  const members = (g: StoreGangs) => g.report(none).rings.map((r) => r.members.join(' ')).sort();
  assert.deepEqual(members(bounded), members(full), 'the same groups, from their recent evidence');
  // Reading on after a rebuild: the appended rows once, nothing twice.
  await store.append(all.slice(5000));
  await full.update();
  await bounded.update();
  assert.equal(bounded.rows, 6000);
  assert.deepEqual(members(bounded), members(full));
  assert.equal(bounded.rebuilds, 1, 'no reread of the whole log');
});

test('store gangs whose evidence spans more than spanHorizons horizons are rebuilt from the last horizon, under maxEvidence too', async () => {
  const store = new MemoryStore();
  const all = traffic(5, 6000); // 60 days; the burn-in (30 days) leaves 30 days of evidence
  const full = new StoreGangs(store, DEFAULT_FEATURE_CONFIG);
  const spanned = new StoreGangs(store, DEFAULT_FEATURE_CONFIG, () => false, { horizonMs: 5 * DAY, spanHorizons: 3, minEvidence: 100 });
  const wide = new StoreGangs(store, DEFAULT_FEATURE_CONFIG, () => false, { horizonMs: 25 * DAY, spanHorizons: 3, minEvidence: 100 });
  const few = new StoreGangs(store, DEFAULT_FEATURE_CONFIG, () => false, { horizonMs: 5 * DAY, spanHorizons: 3, minEvidence: 1_000_000 });
  await store.append(all.slice(0, 5000));
  for (const g of [full, spanned, wide, few]) await g.update();
  assert.equal(spanned.trims, 1, '50 days of log over 3 horizons of 5 days: rebuilt');
  assert.equal(wide.trims, 0, '50 days within 3 horizons of 25 days: kept');
  assert.equal(few.trims, 0, 'under minEvidence: kept');
  assert.equal(wide.evidence, full.evidence);
  assert.ok(spanned.evidence < 0.75 * full.evidence, `${spanned.evidence} of ${full.evidence} evidence transfers held`);
  const members = (g: StoreGangs) => g.report(none).rings.map((r) => r.members.join(' ')).sort();
  assert.deepEqual(members(spanned), members(full), 'the same groups, from their recent evidence');
  // Ten more days: the kept stretch (from day 40, the page start at or before day 45) spans 20 days,
  // over three horizons, but holds under twice what the rebuild left: no second rebuild yet.
  await store.append(all.slice(5000));
  for (const g of [full, spanned]) await g.update();
  assert.equal(spanned.rows, 6000);
  assert.equal(spanned.trims, 1);
  assert.equal(spanned.rebuilds, 1, 'no reread of the whole log');
  assert.deepEqual(members(spanned), members(full));
});

test('store gangs with the model\'s review threshold equal `rings --model`: weakly scored payers attach as they do there', async () => {
  const rows = traffic(11, 3000);
  // After the burn-in, three lone accounts each pay a planted member twice, scored under the
  // review threshold of 0.6 but above two thirds of it: weak evidence, together worth over one alert.
  let k = 0;
  for (const w of ['W1', 'W2', 'W3']) {
    for (const day of [45, 46]) {
      const t: Transaction = { id: `W${k++}`, time: T0 + day * DAY, from: w, to: 'G0-0', amount: 5000, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' };
      rows.push({ tx: t, decision: { id: t.id, score: 0.5, decision: 'ALLOW', reasons: [] } });
    }
  }
  rows.sort((a, b) => a.tx.time - b.tx.time);
  const store = new MemoryStore();
  await store.append(rows);
  const served = new StoreGangs(store, DEFAULT_FEATURE_CONFIG, () => false, { gangs: { review: 0.6 } });
  await served.update();
  const cli = new GangCollector(DEFAULT_FEATURE_CONFIG, { review: 0.6 });
  for (const { tx, decision } of rows) cli.add(tx, decision);
  const members = (r: { rings: Array<{ members: string[] }> }): string[][] => r.rings.map((x) => x.members);
  assert.deepEqual(members(served.report(none)), members(cli.report(none)));
  assert.ok(members(served.report(none)).some((m) => m.includes('W1') && m.includes('G0-0')), 'the weak payers joined the planted ring');
  const blind = new StoreGangs(store, DEFAULT_FEATURE_CONFIG, () => false);
  await blind.update();
  assert.ok(!members(blind.report(none)).some((m) => m.includes('W1')), 'without the threshold no transfer is weak evidence');
});
