import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { startTestServer } from '../helpers/harness.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { ScoredTransaction } from '../../src/store/port.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-counts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The store's contents counted straight from its tables, without the tallies. */
function countedFromRows(db: string): { transactions: number; decisions: Record<string, number>; rules: Record<string, number>; alerts: number } {
  const conn = new Database(db, { readonly: true });
  try {
    const decisions: Record<string, number> = { ALLOW: 0, REVIEW: 0, BLOCK: 0 };
    const rules: Record<string, number> = {};
    const rows = conn.prepare('SELECT decision, reasons FROM transactions').all() as Array<{ decision: string; reasons: string }>;
    for (const r of rows) {
      decisions[r.decision]++;
      for (const rule of new Set((JSON.parse(r.reasons) as Array<{ rule: string }>).map((x) => x.rule))) rules[rule] = (rules[rule] ?? 0) + 1;
    }
    const alerts = (conn.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n;
    return { transactions: rows.length, decisions, rules, alerts };
  } finally {
    conn.close();
  }
}

interface Stats {
  transactions: number;
  decisions: Record<string, number>;
  alerts: number;
  cases: Record<string, number> | null;
  top_rules: Array<{ rule: string; hits: number }>;
  since_start: { decisions: Record<string, number> };
}

async function read(base: string, key: string): Promise<{ stats: Stats; rules: Map<string, number>; metrics: string }> {
  const get = (path: string): Promise<Response> => fetch(base + path, { headers: { authorization: `Bearer ${key}` } });
  const stats = (await (await get('/v1/stats')).json()) as Stats;
  const rules = (await (await get('/v1/rules')).json()) as { rules: Array<{ id: string; hits: number }> };
  return { stats, rules: new Map(rules.rules.map((r) => [r.id, r.hits])), metrics: await (await get('/metrics')).text() };
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(name + ' '));
  assert.ok(line, `${name} missing from /metrics`);
  return Number(line.split(' ').pop());
}

test('stats, rule hits and /metrics equal the store\'s counts, and still do after a restart', async () => {
  const db = join(dir, 'restart.db');
  let server = await startTestServer(db);
  const key = server.apiKey;
  const post = async (body: unknown): Promise<void> => {
    const r = await fetch(`${server.base}/v1/transactions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 200, await r.text());
  };
  // Cash deposits past the day's limit alert (pboc.lv.cash); ordinary transfers do not.
  for (let i = 0; i < 3; i++) await post({ id: `c${i}`, time: `2026-03-02T0${i + 1}:00:00+08:00`, from: 'CASH-01', to: 'CUST9', amount: '30000', channel: 'cash_in' });
  for (let i = 0; i < 4; i++) await post({ id: `t${i}`, time: `2026-03-02T1${i}:00:00+08:00`, from: 'A1', to: 'B1', amount: '120.50' });
  const first = await read(server.base, key);
  await server.stop();

  const truth = countedFromRows(db);
  assert.equal(truth.transactions, 7);
  assert.ok(truth.alerts >= 1, 'the cash deposits alerted');
  assert.ok(Object.keys(truth.rules).length >= 1);
  for (const [when, seen] of [['before the restart', first]] as const) {
    assert.equal(seen.stats.transactions, truth.transactions, when);
    assert.deepEqual(seen.stats.decisions, truth.decisions, when);
    assert.equal(seen.stats.alerts, truth.alerts, when);
  }
  assert.deepEqual(first.stats.since_start.decisions, truth.decisions, 'everything was scored by the first process');

  server = await startTestServer(db);
  try {
    const again = await read(server.base, key);
    assert.equal(again.stats.transactions, truth.transactions);
    assert.deepEqual(again.stats.decisions, truth.decisions);
    assert.equal(again.stats.alerts, truth.alerts);
    assert.deepEqual(again.stats.since_start.decisions, { ALLOW: 0, REVIEW: 0, BLOCK: 0 }, 'the restarted process decided nothing yet');
    assert.deepEqual(
      Object.fromEntries(again.stats.top_rules.map((r) => [r.rule, r.hits])),
      Object.fromEntries(Object.entries(truth.rules).sort((a, b) => b[1] - a[1]).slice(0, 10)),
    );
    for (const [rule, n] of Object.entries(truth.rules)) assert.equal(again.rules.get(rule), n, `rules page hits of ${rule}`);
    // Cases as the store holds them: every alert was filed into a case by the first process.
    const cases = again.stats.cases!;
    assert.ok(Object.values(cases).reduce((a, b) => a + b, 0) >= 1);
    assert.equal(metric(again.metrics, 'ringwatch_store_transactions'), truth.transactions);
    assert.equal(metric(again.metrics, 'ringwatch_store_alerts'), truth.alerts);
    for (const v of ['ALLOW', 'REVIEW', 'BLOCK']) assert.equal(metric(again.metrics, `ringwatch_store_decisions{decision="${v}"}`), truth.decisions[v]);
    for (const [rule, n] of Object.entries(truth.rules)) assert.equal(metric(again.metrics, `ringwatch_store_rule_hits{rule="${rule}"}`), n);
    assert.equal(metric(again.metrics, 'ringwatch_decisions_total{decision="ALLOW"}'), 0, 'the process counter is labelled as since start and is');
  } finally {
    await server.stop();
  }
});

test('a store from before the tallies (schema 2) is counted once when opened', async () => {
  const db = join(dir, 'upgrade.db');
  const server = await startTestServer(db, { users: false });
  for (let i = 0; i < 3; i++) {
    await fetch(`${server.base}/v1/transactions`, {
      method: 'POST', headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: `u${i}`, time: `2026-03-02T0${i + 1}:00:00+08:00`, from: 'CASH-02', to: 'CUST8', amount: '30000', channel: 'cash_in' }),
    });
  }
  await server.stop();
  const truth = countedFromRows(db);
  // Make it look like a version-2 file: no tallies table.
  const conn = new Database(db);
  conn.exec('DROP TABLE tallies');
  conn.pragma('user_version = 2');
  conn.close();
  const store = new SqliteStore(db);
  try {
    const c = await store.counts();
    assert.equal(c.transactions, 3);
    assert.deepEqual(c.decisions, truth.decisions);
    assert.deepEqual(c.rules, truth.rules);
    assert.equal(c.alerts, truth.alerts);
  } finally {
    await store.close();
  }
});

test('memory store: counts by verdict and rule, a rule counted once per transaction', async () => {
  const store = new MemoryStore();
  const tx = (id: string) => ({ id, time: Date.UTC(2026, 0, 1), from: 'A', to: 'B', amount: 100, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' }) as ScoredTransaction['tx'];
  await store.append([
    { tx: tx('1'), decision: { id: '1', score: 0.9, decision: 'BLOCK', reasons: [{ rule: 'r1', weight: 1, values: [] }, { rule: 'r1', weight: 0.5, values: [] }, { rule: 'r2', weight: 1, values: [] }] } },
    { tx: tx('2'), decision: { id: '2', score: 0.5, decision: 'REVIEW', reasons: [{ rule: 'r2', weight: 1, values: [] }] } },
    { tx: tx('3'), decision: { id: '3', score: 0, decision: 'ALLOW', reasons: [] } },
  ]);
  assert.deepEqual(await store.counts(), { transactions: 3, decisions: { ALLOW: 1, REVIEW: 1, BLOCK: 1 }, rules: { r1: 1, r2: 2 }, alerts: 2 });
});
