import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Transaction } from '../../src/domain/transaction.js';
import { SqliteStore } from '../../src/store/sqlite.js';

const base: Transaction = { id: 'old-1', time: Date.UTC(2026, 0, 1), from: 'A', to: 'B', amount: 100, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' };

test('a store from before the payment facts gains their columns when opened, and keeps its rows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-upgrade-'));
  try {
    const db = join(dir, 'old.db');
    let store = new SqliteStore(db);
    await store.append([{ tx: base, decision: { id: 'old-1', score: 0, decision: 'ALLOW', reasons: [] } }]);
    await store.close();
    // Make it look like a file written before the facts: the transactions table without their columns.
    const conn = new Database(db);
    for (const c of ['purpose', 'payer_age', 'geo']) conn.exec(`ALTER TABLE transactions DROP COLUMN ${c}`);
    assert.ok(!(conn.pragma('table_info(transactions)') as Array<{ name: string }>).some((c) => c.name === 'geo'));
    conn.close();

    store = new SqliteStore(db);
    const withFacts: Transaction = { ...base, id: 'new-1', purpose: 'SALA', payer_age: 33, geo: '22.5431,114.0579' };
    await store.append([{ tx: withFacts, decision: { id: 'new-1', score: 0, decision: 'ALLOW', reasons: [] } }]);
    const replayed: Transaction[] = [];
    for await (const page of store.replay()) replayed.push(...page);
    assert.deepEqual(replayed, [base, withFacts]);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
