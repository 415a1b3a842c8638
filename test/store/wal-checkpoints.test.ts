import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type Database from 'better-sqlite3';
import { openSqlite } from '../../src/store/sqlite-open.js';
import { openSqliteStores } from '../../src/store/sqlite-stores.js';
import { SharedCheckpoints } from '../../src/store/wal-checkpointer.js';

const autocheckpoint = (db: Database.Database): number => db.pragma('wal_autocheckpoint', { simple: true }) as number;

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('shared checkpoints: adopted connections never checkpoint in their commits; the worker copies the log into the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-ckpt-'));
  const path = join(dir, 'x.db');
  const a = openSqlite(path, 'normal');
  const b = openSqlite(path, 'normal');
  const checkpoints = new SharedCheckpoints(path);
  try {
    assert.equal(autocheckpoint(a), 1000, 'SQLite\'s default before adoption');
    checkpoints.adopt(a);
    checkpoints.adopt(b);
    assert.equal(checkpoints.connections, 2);
    assert.equal(autocheckpoint(a), 0);
    assert.equal(autocheckpoint(b), 0);
    a.exec('CREATE TABLE t (v BLOB)');
    const before = statSync(path).size;
    // About 2,000 pages through one connection and 1,000 through the other: past the automatic
    // checkpoint's 1,000, so only the worker can have copied them into the database file.
    const insertA = a.prepare('INSERT INTO t VALUES (?)');
    const insertB = b.prepare('INSERT INTO t VALUES (?)');
    a.transaction(() => { for (let i = 0; i < 2000; i++) insertA.run(Buffer.alloc(4000, i)); })();
    b.transaction(() => { for (let i = 0; i < 1000; i++) insertB.run(Buffer.alloc(4000, i)); })();
    await until('the worker\'s checkpoint', () => statSync(path).size > before + 10_000_000);
    assert.equal((a.prepare('SELECT count(*) FROM t').pluck().get() as number), 3000);
  } finally {
    await checkpoints.close();
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('shared checkpoints: when the worker fails, every adopted connection checkpoints for itself again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-ckpt-'));
  const db = openSqlite(join(dir, 'real.db'), 'normal');
  // The worker opens its file with fileMustExist: a path with no file makes it fail at once.
  const checkpoints = new SharedCheckpoints(join(dir, 'missing.db'));
  try {
    checkpoints.adopt(db);
    await until('the fallback', () => autocheckpoint(db) === 1000);
    const later = openSqlite(join(dir, 'real.db'), 'normal');
    checkpoints.adopt(later);
    assert.equal(autocheckpoint(later), 1000, 'after a failure nothing is handed to the worker');
    later.close();
  } finally {
    await checkpoints.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the stores of one SQLite file share one checkpoint worker: none of their connections checkpoints in a commit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-ckpt-'));
  const path = join(dir, 'rw.db');
  for (const durability of ['full', 'normal'] as const) {
    const stores = openSqliteStores(path, dir, { durability });
    try {
      const bg = stores.background();
      const connections: Array<[string, unknown]> = [
        ['transactions', stores.transactions], ['cases', stores.cases], ['security', stores.security],
        ['parties', stores.parties], ['background cases', bg.cases], ['background security', bg.security],
      ];
      for (const [name, store] of connections) {
        assert.equal(autocheckpoint((store as { db: Database.Database }).db), 0, `${name} (${durability})`);
      }
    } finally {
      await stores.close();
    }
  }
  rmSync(dir, { recursive: true, force: true });
});
