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
