import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readHeadFile } from '../../src/security/audit-head.js';
import { rowHash } from '../../src/security/audit-chain.js';
import type { JsonValue } from '../../src/security/canonical-json.js';
import { openSecurity, type SecuritySetup } from '../../src/security/setup.js';
import { openStores } from '../../src/store/open.js';
import { ringwatch } from '../helpers/harness.js';
import { attacker, type Attacker } from '../store/attacker.js';
import { storeBackends, type Backend } from '../store/backends.js';
import { tempDir } from './helpers.js';

/**
 * The attacks on a log kept by the server's own setup (key and signed head beside the
 * store: the SQLite file's folder, or PostgreSQL's folder per database): each must make
 * `ringwatch audit verify` fail and name what is missing or changed. On SQLite and PostgreSQL.
 */
for (const backend of storeBackends()) {
  describe(`audit head: ${backend.name}`, { skip: backend.skip }, () => {
    /** The server's security setup over the store `url`; closing it closes the store too. */
    async function openAt(url: string, headIntervalMs: number): Promise<SecuritySetup & { dir: string }> {
      const stores = await openStores(url, { durability: 'normal' });
      const s = await openSecurity(stores, { headIntervalMs });
      return { ...s, dir: stores.dir, close: async () => (await s.close(), await stores.close()) };
    }

    /** A new store whose side folder (key, head) is its own. */
    async function fresh(label: string): Promise<{ db: string; cleanup: () => void }> {
      if (backend.name === 'postgres') return { db: await backend.fresh(label), cleanup: () => undefined };
      const { dir, cleanup } = tempDir(label);
      return { db: join(dir, 'rw.db'), cleanup };
    }

    async function build(rows: number, headIntervalMs = 20): Promise<{ dir: string; db: string; cleanup: () => void }> {
      const { db, cleanup } = await fresh('audit_head');
      const s = await openAt(db, headIntervalMs);
      await appendRows(s, rows);
      await s.close();
      return { dir: s.dir, db, cleanup };
    }

    async function appendRows(s: SecuritySetup, n: number): Promise<void> {
      for (let i = 0; i < n; i++) await s.audit.append({ actor: `user:analyst${i % 3}`, action: 'case.assign', subject: `case-${i}`, details: { i } });
    }

    async function attack(db: string, fn: (d: Attacker) => Promise<void>): Promise<void> {
      const d = await attacker(backend, db);
      try {
        await d.dropAuditGuards();
        await fn(d);
      } finally {
        await d.close();
      }
    }

    async function lastSeq(db: string): Promise<number> {
      const d = await attacker(backend, db);
      try {
        return (await d.get<{ s: number }>('SELECT max(seq) AS s FROM audit_log'))!.s;
      } finally {
        await d.close();
      }
    }

    function verify(db: string): { status: number | null; out: string } {
      const r = ringwatch(['audit', 'verify', '--store', db]);
      return { status: r.status, out: r.stdout + r.stderr };
    }

    test('the head is signed at shutdown and covers every row; verify reports it', async () => {
      const { dir, db, cleanup } = await build(150);
      try {
        const head = await readHeadFile(join(dir, 'audit-head.json'));
        assert.equal(head!.seq, await lastSeq(db));
        assert.equal(statSync(join(dir, 'audit-head.json')).mode & 0o777, 0o600);
        const r = verify(db);
        assert.equal(r.status, 0, r.out);
        assert.match(r.out, new RegExp(`audit log intact: ${head!.seq} rows, 1 signed checkpoints, \\d+ rows after the last checkpoint; signed head at row ${head!.seq} .*0 rows after it`));
      } finally {
        cleanup();
      }
    });

    test('the head follows appends on a short timer, without a shutdown', async () => {
      const { db, cleanup } = await fresh('audit_head_timer');
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
        const last = await lastSeq(db);
        await attack(db, (d) => d.run('DELETE FROM audit_log WHERE seq > ?', last - 5));
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
        const last = await lastSeq(db);
        await attack(db, async (d) => {
          await d.run('DELETE FROM audit_log WHERE seq > ?', last - 237);
          const ids = await d.all<{ id: number }>('SELECT id FROM audit_checkpoints ORDER BY id DESC LIMIT 2');
          for (const { id } of ids) await d.run('DELETE FROM audit_checkpoints WHERE id = ?', id);
          await d.run('DELETE FROM audit_checkpoints WHERE seq > ?', last - 237);
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
        const last = await lastSeq(db);
        await attack(db, async (d) => {
          await d.run(`UPDATE audit_log SET details = '{"i":-1}' WHERE seq = ?`, last - 3);
          const rows = await d.all<{ seq: number; time: string; actor: string; action: string; subject: string | null; details: string; prev_hash: string }>('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq', last - 3);
          let prev = (await d.get<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = ?', last - 4))!.hash;
          for (const r of rows) {
            const hash = rowHash({ ...r, details: JSON.parse(r.details) as JsonValue, prev_hash: prev });
            await d.run('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?', prev, hash, r.seq);
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
        const last = await lastSeq(db);
        await attack(db, (d) => d.run('DELETE FROM audit_log WHERE seq > ?', last - 10));
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
  });
}
