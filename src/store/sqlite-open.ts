import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

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
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'normal' ? 'NORMAL' : 'FULL'}`);
  return db;
}

/** A caller's open connection (shared, not closed by the store) or a new one for a path (owned). */
export function connection(database: Database.Database | string, durability?: Durability): { db: Database.Database; owned: boolean } {
  return typeof database === 'string' ? { db: openSqlite(database, durability), owned: true } : { db: database, owned: false };
}
