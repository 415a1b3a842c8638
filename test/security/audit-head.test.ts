import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readHeadFile } from '../../src/security/audit-head.js';
import { rowHash } from '../../src/security/audit-chain.js';
import type { JsonValue } from '../../src/security/canonical-json.js';
import { openSecurity, type SecuritySetup } from '../../src/security/setup.js';
import { openStores } from '../../src/store/open.js';
import { ringwatch } from '../helpers/harness.js';
import { tempDir } from './helpers.js';

/**
 * The attacks on a log kept by the server's own setup (key and signed head beside the
 * database): each must make `ringwatch audit verify` fail and name what is missing or changed.
 */
/** The server's security setup over the SQLite file `db`; closing it closes the store too. */
async function openAt(db: string, headIntervalMs: number): Promise<SecuritySetup> {
  const stores = await openStores(db, { durability: 'normal' });
  const s = await openSecurity(stores, { headIntervalMs });
  return { ...s, close: async () => (await s.close(), await stores.close()) };
}

async function build(rows: number, headIntervalMs = 20): Promise<{ dir: string; db: string; cleanup: () => void }> {
  const { dir, cleanup } = tempDir('audit-head');
  const db = join(dir, 'rw.db');
  const s = await openAt(db, headIntervalMs);
  await appendRows(s, rows);
  await s.close();
  return { dir, db, cleanup };
}

async function appendRows(s: SecuritySetup, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await s.audit.append({ actor: `user:analyst${i % 3}`, action: 'case.assign', subject: `case-${i}`, details: { i } });
}

function attack(db: string, fn: (d: Database.Database) => void): void {
  const d = new Database(db);
  try {
    for (const t of ['audit_log_no_update', 'audit_log_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete']) d.exec(`DROP TRIGGER IF EXISTS ${t}`);
    fn(d);
  } finally {
    d.close();
  }
}

function lastSeq(db: string): number {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT max(seq) AS s FROM audit_log').get() as { s: number }).s;
  } finally {
    d.close();
  }
}

function verify(db: string): { status: number | null; out: string } {
  const r = ringwatch(['audit', 'verify', '--db', db]);
  return { status: r.status, out: r.stdout + r.stderr };
}

test('the head is signed at shutdown and covers every row; verify reports it', async () => {
  const { dir, db, cleanup } = await build(150);
  try {
    const head = await readHeadFile(join(dir, 'audit-head.json'));
    assert.equal(head!.seq, lastSeq(db));
    assert.equal(statSync(join(dir, 'audit-head.json')).mode & 0o777, 0o600);
    const r = verify(db);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, new RegExp(`audit log intact: ${head!.seq} rows, 1 signed checkpoints, \\d+ rows after the last checkpoint; signed head at row ${head!.seq} .*0 rows after it`));
  } finally {
    cleanup();
  }
});

test('the head follows appends on a short timer, without a shutdown', async () => {
  const { dir, cleanup } = tempDir('audit-head-timer');
  const db = join(dir, 'rw.db');
  const s = await openAt(db, 30);
  try {
    await appendRows(s, 7);
    const seq = (await s.audit.currentHead()).seq;
    const deadline = Date.now() + 5000;
    while ((await readHeadFile(s.headFile))!.seq !== seq && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal((await readHeadFile(s.headFile))!.seq, seq);
  } finally {
    await s.close();
    cleanup();
  }
});

test('rows deleted after the last checkpoint: named as missing', async () => {
  const { db, cleanup } = await build(150);
  try {
    const last = lastSeq(db);
    attack(db, (d) => d.prepare('DELETE FROM audit_log WHERE seq > ?').run(last - 5));
    const r = verify(db);
    assert.equal(r.status, 3, r.out);
    assert.match(r.out, new RegExp(`at row ${last - 4}: truncated: rows ${last - 4}–${last} deleted \\(the log ends at row ${last - 5}; the signed head of .* covers seq ${last}\\)`));
  } finally {
    cleanup();
  }
});

test('the last 237 rows and the last two checkpoints deleted: named as missing', async () => {
  const { db, cleanup } = await build(450);
  try {
    const last = lastSeq(db);
    attack(db, (d) => {
      d.prepare('DELETE FROM audit_log WHERE seq > ?').run(last - 237);
      const ids = d.prepare('SELECT id FROM audit_checkpoints ORDER BY id DESC LIMIT 2').all() as Array<{ id: number }>;
      for (const { id } of ids) d.prepare('DELETE FROM audit_checkpoints WHERE id = ?').run(id);
      d.prepare('DELETE FROM audit_checkpoints WHERE seq > ?').run(last - 237);
    });
    const r = verify(db);
    assert.equal(r.status, 3, r.out);
    assert.match(r.out, new RegExp(`truncated: rows ${last - 236}–${last} deleted`));
  } finally {
    cleanup();
  }
});

test('a row after the last checkpoint edited and the chain rehashed: named', async () => {
  const { db, cleanup } = await build(150);
  try {
    const last = lastSeq(db);
    attack(db, (d) => {
      d.prepare(`UPDATE audit_log SET details = '{"i":-1}' WHERE seq = ?`).run(last - 3);
      const rows = d.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(last - 3) as Array<{ seq: number; time: string; actor: string; action: string; subject: string | null; details: string; prev_hash: string }>;
      let prev = (d.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(last - 4) as { hash: string }).hash;
      for (const r of rows) {
        const hash = rowHash({ ...r, details: JSON.parse(r.details) as JsonValue, prev_hash: prev });
        d.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
        prev = hash;
      }
    });
    const r = verify(db);
    assert.equal(r.status, 3, r.out);
    assert.match(r.out, new RegExp(`the chain at seq ${last} does not match the signed head of .*; rows 101–${last} edited and rehashed`));
  } finally {
    cleanup();
  }
});

test('a deleted or edited head file fails verification', async () => {
  const { dir, db, cleanup } = await build(20);
  const path = join(dir, 'audit-head.json');
  try {
    const text = readFileSync(path, 'utf8');
    const h = JSON.parse(text) as { seq: number };
    writeFileSync(path, JSON.stringify({ ...h, seq: h.seq - 3 }));
    let r = verify(db);
    assert.equal(r.status, 3, r.out);
    assert.match(r.out, /signed head's signature is invalid/);
    rmSync(path);
    r = verify(db);
    assert.equal(r.status, 3, r.out);
    assert.match(r.out, /no signed head to check the end of the log against/);
  } finally {
    cleanup();
  }
});

test('a server started on a truncated log keeps the old head as evidence and warns; verify still names the rows', async () => {
  const { dir, db, cleanup } = await build(60);
  try {
    const last = lastSeq(db);
    attack(db, (d) => d.prepare('DELETE FROM audit_log WHERE seq > ?').run(last - 10));
    const s = await openAt(db, 5);
    assert.match(s.headProblem ?? '', new RegExp(`rows ${last - 9}–${last} are missing`));
    await appendRows(s, 30); // new rows after the truncation must not move the head over it
    await s.close();
    assert.equal((await readHeadFile(join(dir, 'audit-head.json')))!.seq, last);
    const r = verify(db);
    assert.equal(r.status, 3, r.out);
    assert.match(r.out, /does not match the signed head/);
  } finally {
    cleanup();
  }
});
