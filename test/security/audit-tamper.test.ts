import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditLog, verifyAudit, type AuditVerification } from '../../src/security/audit.js';
import { CHECKPOINT_ALG, checkpointMessage, rowHash } from '../../src/security/audit-chain.js';
import type { JsonValue } from '../../src/security/canonical-json.js';
import { openStores } from '../../src/store/open.js';
import { attacker, type Attacker } from '../store/attacker.js';
import { storeBackends, type Backend } from '../store/backends.js';
import { testSigner } from './helpers.js';

/**
 * Each test builds a 25-row log with checkpoints at seq 10 and 20, then plays an attacker who
 * opens the database with a separate connection, drops the append-only triggers and changes
 * rows; verifyAudit must name the first row (or checkpoint) affected. On SQLite and PostgreSQL.
 */
async function tamperOn(backend: Backend, attack: (db: Attacker) => Promise<void>, verifyOptions: { checkpointEvery?: number } = {}): Promise<AuditVerification> {
  const url = await backend.fresh('tamper');
  const stores = await openStores(url, { durability: 'normal' });
  try {
    const store = stores.security;
    const signer = testSigner();
    const log = new AuditLog(store, signer, { checkpointEvery: 10 });
    for (let seq = 1; seq <= 25; seq++) {
      await log.append({ actor: `user:analyst${seq % 3}`, action: seq % 2 ? 'case.assign' : 'decision.change', subject: `case-${seq}`, details: { seq, verdict: 'REVIEW' } });
    }
    assert.equal((await verifyAudit(store, { publicKeys: signer.publicKey })).ok, true);
    const db = await attacker(backend, url);
    try {
      await db.dropAuditGuards();
      await attack(db);
    } finally {
      await db.close();
    }
    return await verifyAudit(store, { publicKeys: signer.publicKey, pageSize: 7, ...verifyOptions });
  } finally {
    await stores.close();
  }
}

interface Row { seq: number; time: string; actor: string; action: string; subject: string | null; details: string; prev_hash: string; hash: string }

/** Recomputes the hashes of rows ≥ `from` in place, as an attacker who knows the format would. */
async function rehashFrom(db: Attacker, from: number): Promise<void> {
  const rows = await db.all<Row>('SELECT * FROM audit_log ORDER BY seq');
  let prev = from > 1 ? rows[from - 2].hash : '0'.repeat(64);
  for (const r of rows.slice(from - 1)) {
    const hash = rowHash({ ...r, details: JSON.parse(r.details) as JsonValue, prev_hash: prev });
    await db.run('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?', prev, hash, r.seq);
    prev = hash;
  }
}

for (const backend of storeBackends()) {
  describe(`audit tamper: ${backend.name}`, { skip: backend.skip }, () => {
    const tamper = (attack: (db: Attacker) => Promise<void>, verifyOptions: { checkpointEvery?: number } = {}): Promise<AuditVerification> => tamperOn(backend, attack, verifyOptions);

    test('an edited row is named by its seq', async () => {
      const r = await tamper(async (db) => db.run(`UPDATE audit_log SET details = '{"seq":17,"verdict":"ALLOW"}' WHERE seq = 17`));
      assert.deepEqual(r, { ok: false, seq: 17, problem: 'hash mismatch: row edited' });
    });

    test('an edited actor, time or action is caught the same way', async () => {
      assert.deepEqual(await tamper(async (db) => db.run("UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 3")),
        { ok: false, seq: 3, problem: 'hash mismatch: row edited' });
      assert.deepEqual(await tamper(async (db) => db.run("UPDATE audit_log SET time = '2020-01-01T00:00:00.000Z' WHERE seq = 25")),
        { ok: false, seq: 25, problem: 'hash mismatch: row edited' });
    });

    test('a whitespace-only edit of details is caught (details must stay canonical)', async () => {
      const r = await tamper(async (db) => db.run(`UPDATE audit_log SET details = '{"seq": 8,"verdict":"REVIEW"}' WHERE seq = 8`));
      assert.deepEqual(r, { ok: false, seq: 8, problem: 'row edited: details are not in canonical form' });
    });

    test('a row edited and rehashed (but not the rows after it) is named', async () => {
      const r = await tamper(async (db) => {
        await db.run(`UPDATE audit_log SET details = '{"seq":17,"verdict":"ALLOW"}' WHERE seq = 17`);
        const row = await db.get('SELECT * FROM audit_log WHERE seq = 17') as Row;
        await db.run('UPDATE audit_log SET hash = ? WHERE seq = 17', rowHash({ ...row, details: JSON.parse(row.details) as JsonValue }));
      });
      assert.deepEqual(r, { ok: false, seq: 17, problem: 'hash mismatch: row 17 edited and rehashed (row 18 links to a different hash)' });
    });

    test('a deleted row is named as a gap', async () => {
      assert.deepEqual(await tamper(async (db) => db.run('DELETE FROM audit_log WHERE seq = 17')),
        { ok: false, seq: 17, problem: 'gap: row 17 deleted' });
      assert.deepEqual(await tamper(async (db) => db.run('DELETE FROM audit_log WHERE seq BETWEEN 5 AND 7')),
        { ok: false, seq: 5, problem: 'gap: rows 5–7 deleted' });
      assert.deepEqual(await tamper(async (db) => db.run('DELETE FROM audit_log WHERE seq = 1')),
        { ok: false, seq: 1, problem: 'gap: row 1 deleted' });
    });

    test('a deleted row whose gap is closed by renumbering is still caught', async () => {
      const r = await tamper(async (db) => {
        await db.run('DELETE FROM audit_log WHERE seq = 17');
        for (let s = 18; s <= 25; s++) await db.run('UPDATE audit_log SET seq = ? WHERE seq = ?', s - 1, s);
      });
      assert.deepEqual(r, { ok: false, seq: 17, problem: 'hash mismatch: row edited' });
    });

    test('rows deleted from the end are caught by the checkpoint that covers them', async () => {
      const r = await tamper(async (db) => db.run('DELETE FROM audit_log WHERE seq >= 16'));
      assert.deepEqual(r, { ok: false, seq: 16, checkpoint: 2, problem: 'truncated: rows 16–20 deleted (checkpoint 2 covers seq 20)' });
    });

    test('limitation: rows after the last checkpoint can be dropped unseen (unsignedTail says how many are exposed)', async () => {
      const r = await tamper(async (db) => db.run('DELETE FROM audit_log WHERE seq > 20'));
      assert.equal(r.ok, true);
      assert.equal(r.ok && r.rows, 20);
      assert.equal(r.ok && r.unsignedTail, 0);
    });

    test('a stretch rewritten with the whole rest of the chain rehashed is caught by the next checkpoint', async () => {
      const r = await tamper(async (db) => {
        await db.run(`UPDATE audit_log SET details = '{"seq":13,"verdict":"ALLOW"}' WHERE seq = 13`);
        await rehashFrom(db, 13);
      });
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.seq, 11);
      assert.equal(!r.ok && r.checkpoint, 2);
      assert.match(!r.ok ? r.problem : '', /^checkpoint 2: chain head at seq 20 does not match the signed head; rows 11–20 rewritten/);
    });

    test('a forged checkpoint (head changed to match a rewritten chain) fails its signature', async () => {
      const r = await tamper(async (db) => {
        await db.run(`UPDATE audit_log SET details = '{"seq":13,"verdict":"ALLOW"}' WHERE seq = 13`);
        await rehashFrom(db, 13);
        const head = (await db.get('SELECT hash FROM audit_log WHERE seq = 20') as { hash: string }).hash;
        await db.run('UPDATE audit_checkpoints SET head_hash = ? WHERE id = 2', head);
      });
      assert.deepEqual(r, { ok: false, seq: 20, checkpoint: 2, problem: 'checkpoint 2 signature invalid' });
    });

    test('a checkpoint with one flipped signature bit fails', async () => {
      const r = await tamper(async (db) => {
        const sig = Buffer.from((await db.get('SELECT signature FROM audit_checkpoints WHERE id = 1') as { signature: Buffer }).signature);
        sig[100] ^= 0x01;
        await db.run('UPDATE audit_checkpoints SET signature = ? WHERE id = 1', sig);
      });
      assert.deepEqual(r, { ok: false, seq: 10, checkpoint: 1, problem: 'checkpoint 1 signature invalid' });
    });

    test('checkpoints re-signed with an attacker key are rejected, whatever key id they claim', async () => {
      const mallory = testSigner(66);
      const resign = (claimKeyId?: string) => async (db: Attacker) => {
        await db.run(`UPDATE audit_log SET details = '{"seq":3,"verdict":"ALLOW"}' WHERE seq = 3`);
        await rehashFrom(db, 3);
        for (const id of [1, 2]) {
          const seq = id * 10;
          const head_hash = (await db.get('SELECT hash FROM audit_log WHERE seq = ?', seq) as { hash: string }).hash;
          const cp = { id, seq, head_hash, time: '2026-01-01T00:00:00.000Z', alg: CHECKPOINT_ALG, key_id: claimKeyId ?? mallory.keyId };
          await db.run('UPDATE audit_checkpoints SET head_hash = ?, time = ?, key_id = ?, signature = ? WHERE id = ?',
            head_hash, cp.time, cp.key_id, Buffer.from(mallory.sign(checkpointMessage(cp))), id);
        }
      };
      assert.deepEqual(await tamper(resign()), { ok: false, seq: 10, checkpoint: 1, problem: `checkpoint 1 signed by an untrusted key ${mallory.keyId}` });
      assert.deepEqual(await tamper(resign(testSigner().keyId)), { ok: false, seq: 10, checkpoint: 1, problem: 'checkpoint 1 signature invalid' });
    });

    test('a deleted checkpoint is named', async () => {
      const r = await tamper(async (db) => db.run('DELETE FROM audit_checkpoints WHERE id = 1'));
      assert.deepEqual(r, { ok: false, checkpoint: 1, problem: 'checkpoint 1 deleted' });
    });

    test('all checkpoints deleted: caught when the automatic interval is given', async () => {
      const r = await tamper(async (db) => db.run('DELETE FROM audit_checkpoints'), { checkpointEvery: 10 });
      assert.deepEqual(r, { ok: false, seq: 10, problem: 'checkpoint for seq 10 missing (deleted?)' });
    });

    test('a checkpoint for rows that were never written (inserted by an attacker) is rejected', async () => {
      const r = await tamper(async (db) => {
        const cp = { id: 3, seq: 30, head_hash: 'f'.repeat(64), time: '2026-01-01T00:00:00.000Z', alg: CHECKPOINT_ALG, key_id: testSigner().keyId };
        await db.run('INSERT INTO audit_checkpoints (id, seq, head_hash, time, alg, key_id, signature) VALUES (?, ?, ?, ?, ?, ?, ?)',
          cp.id, cp.seq, cp.head_hash, cp.time, cp.alg, cp.key_id, Buffer.alloc(3309));
      });
      assert.deepEqual(r, { ok: false, seq: 30, checkpoint: 3, problem: 'checkpoint 3 signature invalid' });
    });
  });
}
