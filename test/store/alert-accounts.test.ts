import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import type { ScoredTransaction } from '../../src/domain/alert.js';
import type { Verdict } from '../../src/domain/decision.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { ALERT_ACCOUNTS_SETTING, AlertAccountIndex } from '../../src/store/sqlite-alert-accounts.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-alert-accounts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function scored(id: string, from: string, to: string, decision: Verdict): ScoredTransaction {
  return {
    tx: { id, time: Date.UTC(2026, 0, 1) + Number(id.slice(1)) * 1000, from, to, amount: 100, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' },
    decision: { id, score: decision === 'ALLOW' ? 0 : 0.7, decision, reasons: [] },
  };
}

test('alerts by account: exact at every lag of the index behind the appends (random streams, brute force)', async () => {
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 5; round++) {
    const store = new SqliteStore(join(dir, `r${round}.db`), { durability: 'normal' });
    const truth: Array<{ id: string; from: string; to: string }> = [];
    let n = 0;
    for (let step = 0; step < 30; step++) {
      const batch: ScoredTransaction[] = [];
      for (let k = rand(6); k >= 0; k--) {
        const from = `A${rand(8)}`;
        const to = rand(5) === 0 ? from : `A${rand(8)}`;
        const verdict: Verdict = (['ALLOW', 'REVIEW', 'BLOCK'] as const)[rand(3)];
        const s = scored(`t${n++}`, from, to, verdict);
        batch.push(s);
        if (verdict !== 'ALLOW') truth.push({ id: s.tx.id, from, to });
      }
      await store.append(batch);
      if (rand(3) === 0) await store.indexAlertAccounts(rand(10) + 1);
      for (let a = 0; a < 9; a++) {
        const account = `A${a}`;
        const want = truth.filter((t) => t.from === account || t.to === account).map((t) => t.id).reverse();
        assert.deepEqual((await store.alerts({ account, limit: 1000 })).map((x) => x.transaction_id), want, `round ${round} step ${step} ${account}`);
        assert.equal(await store.countAlerts({ account }), want.length);
      }
      assert.deepEqual([...(await store.alertedAccounts())].sort(), [...new Set(truth.flatMap((t) => [t.from, t.to]))].sort());
    }
    while ((await store.indexAlertAccounts(7)) > 0);
    assert.equal(Number(await store.getSetting(ALERT_ACCOUNTS_SETTING)), await store.lastAlertSeq());
    await store.close();
  }
});

test('a store from before version 5 drops the alerts\' by-account indexes and indexes its old alerts behind', async () => {
  const path = join(dir, 'v4.db');
  let store = new SqliteStore(path, { durability: 'normal' });
  await store.append([scored('t1', 'A', 'B', 'REVIEW'), scored('t2', 'B', 'C', 'ALLOW'), scored('t3', 'C', 'A', 'BLOCK')]);
  await store.close();
  // Make it look like version 4: the two indexes inside every append, no alert_accounts table.
  const conn = new Database(path);
  conn.exec('DROP TABLE alert_accounts; CREATE INDEX alerts_from ON alerts (from_account); CREATE INDEX alerts_to ON alerts (to_account);');
  conn.pragma('user_version = 4');
  conn.close();

  store = new SqliteStore(path, { durability: 'normal' });
  const check = new Database(path, { readonly: true });
  const indexes = (check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts'").all() as Array<{ name: string }>).map((r) => r.name);
  assert.ok(!indexes.includes('alerts_from') && !indexes.includes('alerts_to'), indexes.join());
  assert.equal(check.pragma('user_version', { simple: true }), 5);
  check.close();
  assert.deepEqual((await store.alerts({ account: 'A', limit: 10 })).map((a) => a.transaction_id), ['t3', 't1']);
  assert.equal(await store.indexAlertAccounts(100), 2);
  assert.equal(await store.indexAlertAccounts(100), 0);
  assert.deepEqual((await store.alerts({ account: 'A', limit: 10 })).map((a) => a.transaction_id), ['t3', 't1']);
  assert.deepEqual((await store.alerts({ account: 'B', limit: 10 })).map((a) => a.transaction_id), ['t1']);
  await store.close();
});

test('the account query reads the index, not the whole alert table, once it has caught up', async () => {
  const path = join(dir, 'plan.db');
  const store = new SqliteStore(path, { durability: 'normal' });
  await store.append([scored('t1', 'A', 'B', 'REVIEW')]);
  await store.indexAlertAccounts(10);
  await store.close();
  const conn = new Database(path, { readonly: true });
  const term = new AlertAccountIndex(conn).accountTerm('A');
  const plan = (conn.prepare(`EXPLAIN QUERY PLAN SELECT seq FROM alerts WHERE ${term.sql} ORDER BY seq DESC LIMIT 10`).all(...term.args) as Array<{ detail: string }>).map((r) => r.detail);
  conn.close();
  assert.ok(plan.some((d) => /^SEARCH alert_accounts USING PRIMARY KEY \(account=\?\)/.test(d)), plan.join(' | '));
  assert.ok(plan.some((d) => /^SEARCH alerts USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(d)), plan.join(' | '));
  assert.ok(!plan.some((d) => /^SCAN alerts/.test(d)), plan.join(' | '));
});

test('the index catches up while another process appends alerts to the same file, without a "database is locked"', { timeout: 60_000 }, async () => {
  const path = join(dir, 'shared.db');
  await new SqliteStore(path, { durability: 'normal' }).close();
  // Another process (a stream worker) appending alerts for a second.
  const script = join(dir, 'writer.mjs');
  writeFileSync(
    script,
    `import { SqliteStore } from ${JSON.stringify(new URL('../../src/store/sqlite.js', import.meta.url).href)};
const st = new SqliteStore(process.argv[2], { durability: 'normal' });
const end = Date.now() + 1000;
for (let i = 0; Date.now() < end; ) {
  const b = [];
  for (let j = 0; j < 8; j++, i++) b.push({ tx: { id: 'w' + i, time: i, from: 'A' + (i % 97), to: 'B' + (i % 89), amount: 1, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' }, decision: { id: 'w' + i, score: 0.9, decision: 'BLOCK', reasons: [] } });
  await st.append(b);
}
await st.close();
`,
  );
  const writer = spawn(process.execPath, [script, path], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => writer.on('exit', resolve));
  const store = new SqliteStore(path, { durability: 'normal' });
  let running = true;
  void exited.then(() => (running = false));
  const errors: string[] = [];
  let indexed = 0;
  while (running) {
    try {
      indexed += await store.indexAlertAccounts(64);
    } catch (err) {
      errors.push(String(err));
    }
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(await exited, 0);
  while ((await store.indexAlertAccounts(1000)) > 0);
  assert.deepEqual(errors.slice(0, 3), []);
  assert.ok(indexed > 0, 'indexed while the writer ran');
  const all = await store.alerts({ limit: 1_000_000 });
  const want = all.filter((a) => a.from === 'A5' || a.to === 'A5').map((a) => a.transaction_id);
  assert.deepEqual((await store.alerts({ account: 'A5', limit: 1_000_000 })).map((a) => a.transaction_id), want);
  await store.close();
});
