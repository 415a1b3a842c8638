import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CaseFiler, FILED_SETTING } from '../../src/engine/case-filer.js';
import { ALERT_ACCOUNTS_SETTING } from '../../src/store/sqlite-alert-accounts.js';
import { CaseIntake } from '../../src/engine/case-intake.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { openEngine } from '../../src/engine/runtime.js';
import { openStores } from '../../src/store/open.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Transfers from listed accounts: every one alerts. */
async function alertingEngine(n: number) {
  const dir = mkdtempSync(join(tmpdir(), 'rw-filer-'));
  const stores = await openStores(join(dir, 'rw.db'), { durability: 'normal' });
  const { pipeline, lists } = await openEngine(defaultEngineConfig(), stores.transactions);
  for (let i = 0; i < 20; i++) await lists.add({ list: 'blacklist', kind: 'account', value: `MULE${i}`, reason: 'test', source: 'test' });
  const t0 = Date.UTC(2026, 0, 1);
  const txs: Transaction[] = Array.from({ length: n }, (_, i) => ({
    id: `t${i}`, time: t0 + i * 60_000, from: `MULE${i % 20}`, to: `C${i}`, amount: 100_000 + i, currency: 'CNY', channel: 'online',
    from_type: 'natural', to_type: 'natural',
  }));
  await Promise.all(txs.map((t) => pipeline.submit(t)));
  await pipeline.flush();
  return { stores, pipeline, done: async () => { await stores.close(); rmSync(dir, { recursive: true, force: true }); } };
}

test('case filer: pages grow while steps are short, every alert is filed once, the watermark is saved', async () => {
  const { stores, pipeline, done } = await alertingEngine(600);
  const store = stores.transactions;
  const alerts = await store.lastAlertSeq();
  assert.ok(alerts >= 500, `most transfers alert (${alerts})`);
  const limits: number[] = [];
  const alertsAfter = store.alertsAfter.bind(store);
  // Observe the page sizes the filer asks for (the store answers as always).
  store.alertsAfter = (after, limit) => {
    limits.push(limit);
    return alertsAfter(after, limit);
  };
  const features = pipeline.scorer.features;
  const filer = new CaseFiler(new CaseIntake(stores.cases, features, () => null), store, { pageSize: 1, sliceMs: 50 });
  assert.equal(await filer.start(), alerts);
  await filer.drain();
  assert.equal(filer.filedAlerts, alerts);
  assert.ok(Math.max(...limits) >= 32, `pages grew: ${limits.slice(0, 12).join(',')}…`);
  assert.ok(limits.length < alerts / 4, `far fewer steps (${limits.length}) than alerts (${alerts})`);
  assert.deepEqual(await filer.lag(), { alerts: 0, seconds: 0, filed: alerts });
  // A second filer on the same store resumes from the saved watermark: nothing to file again.
  const again = new CaseFiler(new CaseIntake(stores.cases, features, () => null), store);
  assert.equal(await again.start(), 0);
  await again.stop();
  await done();
});

test('case filer: a slow step halves the page', async () => {
  const { stores, pipeline, done } = await alertingEngine(200);
  const store = stores.transactions;
  const limits: number[] = [];
  const alertsAfter = store.alertsAfter.bind(store);
  store.alertsAfter = (after, limit) => {
    limits.push(limit);
    return alertsAfter(after, limit);
  };
  // sliceMs 0: every step is "slow", so the page shrinks from 16 to 1 and stays there.
  const filer = new CaseFiler(new CaseIntake(stores.cases, pipeline.scorer.features, () => null), store, { pageSize: 16, sliceMs: 0 });
  await filer.start();
  await filer.drain();
  assert.deepEqual(limits.slice(0, 6), [16, 8, 4, 2, 1, 1]);
  assert.equal(filer.filedAlerts, await store.lastAlertSeq());
  await done();
});

test('case filer: the store\'s by-account alert index follows the queue ahead of filing, and catches up at start with nothing to file', async () => {
  const { stores, pipeline, done } = await alertingEngine(300);
  const store = stores.transactions;
  const last = await store.lastAlertSeq();
  const features = pipeline.scorer.features;
  const watermark = async (): Promise<number> => Number((await store.getSetting(ALERT_ACCOUNTS_SETTING)) ?? 0);
  assert.equal(await watermark(), 0, 'appends leave the index to the filer');
  const filer = new CaseFiler(new CaseIntake(stores.cases, features, () => null), store, { pageSize: 4, maxPageSize: 4, sliceMs: 1000 });
  await filer.start();
  await filer.drain();
  assert.equal(await watermark(), last);
  // Alerts written while no filer runs (as by `ringwatch score --db`), then filed by hand: a new
  // filer has nothing to file but still brings the index up to date.
  const t0 = Date.UTC(2026, 1, 1);
  await pipeline.submit({ id: 'late', time: t0, from: 'MULE1', to: 'X', amount: 100_000, currency: 'CNY', channel: 'online', from_type: 'natural', to_type: 'natural' });
  await pipeline.flush();
  const newest = await store.lastAlertSeq();
  assert.ok(newest > last);
  await store.setSetting(FILED_SETTING, String(newest));
  const again = new CaseFiler(new CaseIntake(stores.cases, features, () => null), store);
  assert.equal(await again.start(), 0);
  await again.drain();
  for (let i = 0; i < 50 && (await watermark()) < newest; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(await watermark(), newest);
  assert.deepEqual((await store.alerts({ account: 'X', limit: 5 })).map((a) => a.transaction_id), ['late']);
  await again.stop();
  await done();
});
