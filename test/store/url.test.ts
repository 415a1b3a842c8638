import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStores, parseStoreUrl, redact, StoreMissingError, StoreUrlError } from '../../src/store/open.js';
import { sideDirectory } from '../../src/store/url.js';

test('store URLs: a path or sqlite:PATH is the embedded store, postgres:// the server, memory: nothing kept', () => {
  assert.deepEqual(parseStoreUrl('./ringwatch-data/ringwatch.db'), { kind: 'sqlite', path: './ringwatch-data/ringwatch.db' });
  assert.deepEqual(parseStoreUrl('/var/lib/rw.db'), { kind: 'sqlite', path: '/var/lib/rw.db' });
  assert.deepEqual(parseStoreUrl('sqlite:data/rw.db'), { kind: 'sqlite', path: 'data/rw.db' });
  assert.deepEqual(parseStoreUrl('sqlite:///var/lib/rw.db'), { kind: 'sqlite', path: '/var/lib/rw.db' });
  assert.deepEqual(parseStoreUrl('C:\\data\\rw.db'), { kind: 'sqlite', path: 'C:\\data\\rw.db' });
  assert.deepEqual(parseStoreUrl('postgres://rw@db.example:5432/ringwatch'), { kind: 'postgres', url: 'postgres://rw@db.example:5432/ringwatch' });
  assert.deepEqual(parseStoreUrl('postgresql://rw@localhost/ringwatch'), { kind: 'postgres', url: 'postgresql://rw@localhost/ringwatch' });
  assert.deepEqual(parseStoreUrl('memory:'), { kind: 'memory' });
});

test('a store URL with a typo is refused with the reason, naming the kinds that exist', () => {
  for (const [url, reason] of [
    ['postgress://rw@localhost/ringwatch', /unknown kind of store "postgress:"/],
    ['sqlit:data/rw.db', /unknown kind of store "sqlit:"/],
    ['file:data/rw.db', /unknown kind of store "file:"/],
    ['postgres://rw@localhost', /names no database/],
    ['postgres://rw@local host:x/db', /not a valid PostgreSQL URL/],
    ['sqlite:', /needs a file path/],
    ['  ', /empty/],
  ] as const) {
    assert.throws(() => parseStoreUrl(url), (e: unknown) => e instanceof StoreUrlError && reason.test(e.message) && /sqlite:PATH or postgres:\/\//.test(e.message), url);
  }
});

test('a password in a PostgreSQL URL is never shown', () => {
  assert.equal(redact('postgres://rw:s3cret@db:5432/ringwatch'), 'postgres://rw:***@db:5432/ringwatch');
  assert.throws(() => parseStoreUrl('postgres://rw:s3cret@db:5432'), (e: Error) => !e.message.includes('s3cret'));
});

test('openStores: a typo creates nothing; mustExist refuses a missing file and creates nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-open-'));
  try {
    await assert.rejects(openStores(`sqlit:${join(dir, 'rw.db')}`), StoreUrlError);
    await assert.rejects(openStores(join(dir, 'missing', 'rw.db'), { mustExist: true }), (e: unknown) => e instanceof StoreMissingError && e.message.includes(join(dir, 'missing', 'rw.db')));
    assert.deepEqual(readdirSync(dir), []);
    // Without mustExist the store is created on first use, and says so.
    const path = join(dir, 'sub', 'rw.db');
    const stores = await openStores(`sqlite:${path}`, { durability: 'normal' });
    assert.equal(stores.created, true);
    assert.equal(stores.kind, 'sqlite');
    assert.equal(stores.dir, join(dir, 'sub'));
    assert.equal(await stores.transactions.count(), 0);
    await stores.close();
    assert.ok(existsSync(path));
    const again = await openStores(path, { mustExist: true });
    assert.equal(again.created, false);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files beside the store: the SQLite file\'s folder; one folder per PostgreSQL database', () => {
  assert.equal(sideDirectory(parseStoreUrl('/var/lib/rw/rw.db')), '/var/lib/rw');
  const env = { RINGWATCH_DATA_DIR: '/srv/rw' };
  assert.equal(sideDirectory(parseStoreUrl('postgres://rw:pw@db.example:6432/ringwatch'), env), '/srv/rw/postgres-db.example-6432-ringwatch');
  assert.equal(sideDirectory(parseStoreUrl('postgres://rw@db.example/other'), env), '/srv/rw/postgres-db.example-5432-other');
});
