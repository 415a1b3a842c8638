import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SharedCheckpoints } from './wal-checkpointer.js';

export type Durability = 'full' | 'normal';

/**
 * Opens a SQLite file the way every Ringwatch store does: WAL, synchronous FULL (fsync per
 * commit) or NORMAL (survives a process crash), and a busy timeout so connections sharing the
 * file wait for each other instead of failing.
 */
export function openSqlite(path: string, durability: Durability = 'full'): Database.Database {
  if (path !== ':memory:' && path !== '') {
    // The database holds KYC data and password hashes: owner-only, created so before SQLite opens
    // it (SQLite gives its -wal and -shm files the database file's mode), tightened if it was not.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    } catch {
      // Not the owner: leave the mode to whoever is.
    }
  }
  const db = new Database(path);
  // First: switching a new file to WAL takes a lock, and two processes opening it at once (two
  // stream workers on a fresh store) must wait for each other there too, not fail "database is locked".
  db.pragma('busy_timeout = 5000');
  switchToWal(db);
  db.pragma(`synchronous = ${durability === 'normal' ? 'NORMAL' : 'FULL'}`);
  return db;
}

/**
 * `journal_mode = WAL`, retried while another process holds the lock the switch needs: SQLite
 * answers SQLITE_BUSY there at once rather than through the busy timeout (measured: 3 to 4 in 30
 * pairs of processes started together by a shell on one new file failed "database is locked";
 * 0 in 40 triples with the retry; CI's two-worker stream test failed on it once). Up to 30 s: a
 * process that creates the file and is then descheduled (the stream fault test freezes one worker
 * in 5 ms slices on a loaded machine) holds that lock for seconds; with 5 s the other worker
 * failed 3 of 12 fault-test runs under three-fold load.
 */
export function switchToWal(db: Pick<Database.Database, 'pragma'>, timeoutMs = 30_000): void {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
      // A synchronous pause (the store constructors are synchronous), a little longer each time.
      Atomics.wait(pause, 0, 0, Math.min(50, 2 + attempt * 2));
    }
  }
}

/**
 * A caller's open connection (shared, not closed by the store) or a new one for a path (owned),
 * whose checkpoints `checkpoints` takes over when given.
 */
export function connection(database: Database.Database | string, durability?: Durability, checkpoints?: SharedCheckpoints): { db: Database.Database; owned: boolean } {
  if (typeof database !== 'string') return { db: database, owned: false };
  const db = openSqlite(database, durability);
  checkpoints?.adopt(db);
  return { db, owned: true };
}
