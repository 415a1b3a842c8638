import assert from 'node:assert/strict';
import { test } from 'node:test';
import { switchToWal } from '../../src/store/sqlite-open.js';

/** A connection whose `journal_mode = WAL` fails with `failures` errors of `code` first. */
function fake(failures: number, code = 'SQLITE_BUSY'): { pragma: (s: string) => unknown; calls: number } {
  const db = {
    calls: 0,
    pragma(sql: string): unknown {
      assert.equal(sql, 'journal_mode = WAL');
      db.calls++;
      if (db.calls <= failures) throw Object.assign(new Error('database is locked'), { code });
      return [{ journal_mode: 'wal' }];
    },
  };
  return db;
}

test('switchToWal retries while another process holds the lock, then succeeds', () => {
  const db = fake(3);
  switchToWal(db as never);
  assert.equal(db.calls, 4);
});

test('switchToWal gives up with the error after its timeout, and never retries other errors', () => {
  const busy = fake(Infinity);
  const started = Date.now();
  assert.throws(() => switchToWal(busy as never, 60), /database is locked/);
  assert.ok(Date.now() - started >= 60 && busy.calls > 1, `${busy.calls} attempts in ${Date.now() - started} ms`);
  const corrupt = fake(1, 'SQLITE_CORRUPT');
  assert.throws(() => switchToWal(corrupt as never), /database is locked/);
  assert.equal(corrupt.calls, 1);
});
