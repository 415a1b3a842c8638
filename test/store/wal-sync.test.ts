import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite.js';
import { WalSync } from '../../src/store/wal-sync.js';
import type { ScoredTransaction } from '../../src/domain/alert.js';

const scored = (id: string): ScoredTransaction => ({
  tx: { id, time: Date.UTC(2026, 0, 1), from: 'A', to: 'B', amount: 100, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' },
  decision: { id, score: 0, decision: 'ALLOW', reasons: [] },
});

test('WAL sync: fsyncs the -wal file of a database, and says when there is none', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-wal-'));
  try {
    const path = join(dir, 'x.db');
    const missing = new WalSync(path);
    assert.throws(() => missing.sync(), /ENOENT.*x\.db-wal/);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (a)');
    assert.ok(existsSync(`${path}-wal`));
    const wal = new WalSync(path);
    await wal.sync();
    await wal.sync();
    wal.close();
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('full durability: the store commits without an fsync inside COMMIT (synchronous=NORMAL), then syncs the WAL; everything acknowledged is there after reopening', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-wal-'));
  try {
    const path = join(dir, 'rw.db');
    const store = new SqliteStore(path, { durability: 'full' });
    await store.append([scored('T1')]);
    await store.append([scored('T2'), scored('T3')]);
    await store.setSetting('k', 'v');
    const db = new Database(path);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
    assert.equal(await store.count(), 3);
    assert.equal((store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true }), 1, 'NORMAL: the fsync is WalSync\'s');
    await store.close();
    // Reopened, everything acknowledged is there.
    const again = new SqliteStore(path);
    assert.deepEqual((await again.findScored(['T1', 'T2', 'T3'])).map((s) => s.tx.id), ['T1', 'T2', 'T3']);
    assert.equal(await again.getSetting('k'), 'v');
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ISO 20022 rows on the transaction store commit with its next batch, in the same SQLite transaction (a failed batch takes them back; the next one stores them)', async () => {
  const { SqlitePaymentMessageStore } = await import('../../src/store/sqlite-iso20022.js');
  const dir = mkdtempSync(join(tmpdir(), 'rw-wal-'));
  try {
    const path = join(dir, 'rw.db');
    const store = new SqliteStore(path, { durability: 'full' });
    const payments = new SqlitePaymentMessageStore(store, 'full');
    const row = (msgId: string) => ({
      msgId, type: 'pacs.008.001.10' as const, endToEndId: `E-${msgId}`, hash: 'h'.repeat(64), receivedAt: '2026-01-15T09:00:00.000Z', facts: { crossBorder: false },
    });
    const stored = (): number => (store.connection.prepare('SELECT count(*) AS n FROM iso20022_messages').get() as { n: number }).n;
    await store.append([scored('T1')]);
    payments.write([row('M1')]);
    assert.equal(stored(), 0, 'waiting for the next commit');
    assert.equal((await payments.find('M1'))?.msgId, 'M1', 'but visible to reads');
    assert.throws(() => payments.write([row('M1')]), /duplicate MsgId M1/);
    // A batch the store refuses (T1 again) rolls back with the rows.
    await assert.rejects(store.append([scored('T2'), scored('T1')]));
    assert.equal(stored(), 0);
    assert.equal(await store.count(), 1);
    await store.append([scored('T3')]);
    assert.equal(stored(), 1);
    assert.throws(() => payments.write([row('M1')]), /duplicate MsgId M1/, 'a stored MsgId is refused too');
    // Rows no transfer commit follows: sync commits them.
    payments.write([row('M2')]);
    await payments.sync();
    await payments.close();
    await store.close();
    const again = new SqliteStore(path);
    const reopened = new SqlitePaymentMessageStore(again);
    const all: string[] = [];
    for await (const page of reopened.all()) all.push(...page.map((m) => m.msgId));
    assert.deepEqual(all, ['M1', 'M2']);
    await reopened.close();
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('full durability: WAL checkpoints run on a worker thread (the store\'s connection never checkpoints inside a commit), and the log is copied into the file', async () => {
  const { statSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'rw-wal-'));
  try {
    const path = join(dir, 'rw.db');
    const store = new SqliteStore(path, { durability: 'full' });
    assert.equal(store.connection.pragma('wal_autocheckpoint', { simple: true }), 0);
    const before = statSync(path).size;
    for (let b = 0; b < 40; b++) await store.append(Array.from({ length: 50 }, (_, i) => scored(`C${b}-${i}`)));
    let copied = false;
    for (let i = 0; i < 50 && !copied; i++) {
      await new Promise((r) => setTimeout(r, 100));
      copied = statSync(path).size > before + 100_000;
    }
    assert.ok(copied, `the database file grew from ${before} bytes: the worker checkpointed the log`);
    await store.close();
    const again = new SqliteStore(path);
    assert.equal(await again.count(), 2000);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
