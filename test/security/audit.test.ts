import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { AuditLog, GENESIS_HASH, readAudit, verifyAudit } from '../../src/security/audit.js';
import { rowHash, recomputeRowHash } from '../../src/security/audit-chain.js';
import { canonicalJson } from '../../src/security/canonical-json.js';
import { SqliteSecurityStore } from '../../src/store/sqlite-security.js';
import { fileStore, manualClock, testSigner } from './helpers.js';
import { auditSigner, generateAuditKey } from '../../src/security/audit-keys.js';
import { freshSecurityStore, storeBackends } from '../store/backends.js';

type Store = Awaited<ReturnType<typeof freshSecurityStore>>;

/** Row for row the same chain in both stores, with checkpoints after rows 4 and 8 (every 4 rows, 11 rows). */
async function assertSameChain(store: Store, one: Store): Promise<void> {
  assert.deepEqual(await store.auditRows(0, 100), await one.auditRows(0, 100));
  const cps = await store.auditCheckpoints(0, 100);
  assert.deepEqual(cps.map((c) => [c.id, c.seq]), [[1, 4], [2, 8]]);
  assert.deepEqual(cps.map((c) => c.head_hash), (await one.auditCheckpoints(0, 100)).map((c) => c.head_hash));
}

for (const backend of storeBackends()) {
  describe(`audit log: ${backend.name}`, { skip: backend.skip }, () => {
    test('an empty log verifies', async () => {
      const store = await freshSecurityStore(backend, 'audit');
      const result = await verifyAudit(store, { publicKeys: testSigner().publicKey });
      assert.deepEqual(result, { ok: true, rows: 0, checkpoints: 0, head: { seq: 0, hash: GENESIS_HASH }, unsignedTail: 0 });
      await store.close();
    });

    test('a checkpoint is signed every N rows, and on demand without duplicates', async () => {
      const store = await freshSecurityStore(backend, 'audit');
      const signer = testSigner();
      const log = new AuditLog(store, signer, { checkpointEvery: 5 });
      for (let i = 0; i < 12; i++) await log.append({ actor: 'system', action: 'config.change', details: { i } });
      let cps = await store.auditCheckpoints(0, 100);
      assert.deepEqual(cps.map((c) => [c.id, c.seq]), [[1, 5], [2, 10]]);
      assert.equal(cps[0].alg, 'ML-DSA-65');
      assert.equal(cps[0].key_id, signer.keyId);
      assert.equal(cps[0].signature.length, 3309);
      const rows = await store.auditRows(0, 100);
      assert.equal(cps[1].head_hash, rows[9].hash);

      const onDemand = await log.checkpoint();
      assert.deepEqual([onDemand.id, onDemand.seq, onDemand.head_hash], [3, 12, rows[11].hash]);
      const again = await log.checkpoint();
      assert.deepEqual(again, onDemand, 'head already covered: the same checkpoint comes back');
      cps = await store.auditCheckpoints(0, 100);
      assert.equal(cps.length, 3);

      const result = await verifyAudit(store, { publicKeys: [testSigner(9).publicKey, signer.publicKey], checkpointEvery: 5, pageSize: 4 });
      assert.deepEqual(result, { ok: true, rows: 12, checkpoints: 3, head: { seq: 12, hash: rows[11].hash }, unsignedTail: 0 });
      await store.close();
    });

    test('appendMany chains a batch in one write, with the checkpoints append would sign', async () => {
      const store = await freshSecurityStore(backend, 'audit');
      const signer = testSigner();
      const one = await freshSecurityStore(backend, 'audit');
      const clock = () => new Date('2026-01-01T00:00:00Z');
      const batched = new AuditLog(store, signer, { checkpointEvery: 4, now: clock });
      const single = new AuditLog(one, signer, { checkpointEvery: 4, now: clock });
      const events = Array.from({ length: 11 }, (_, i) => ({ actor: 'system', action: 'case.alert_added', subject: `case-${i % 3}`, details: { i } }));
      await batched.append(events[0]);
      const rows = await batched.appendMany(events.slice(1, 10));
      assert.deepEqual(rows.map((r) => r.seq), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.deepEqual(await batched.appendMany([]), []);
      await batched.appendMany(events.slice(10));
      for (const e of events) await single.append(e);
      // Row for row the same chain as one append per event, checkpoints at 4 and 8 included.
      await assertSameChain(store, one);
      const result = await verifyAudit(store, { publicKeys: signer.publicKey, checkpointEvery: 4 });
      assert.equal(result.ok, true);
      assert.equal(result.rows, 11);
      // A bad event refuses the whole batch: nothing stored.
      await assert.rejects(batched.appendMany([events[0], { actor: '', action: 'login' }]), /actor/);
      assert.equal((await store.auditRows(0, 100)).length, 11);
      await store.close();
      await one.close();
    });

    test('checkpoints signed off the event loop: the same chain and checkpoints, also when another writer moves the head meanwhile', async () => {
      const store = await freshSecurityStore(backend, 'audit');
      const one = await freshSecurityStore(backend, 'audit');
      const signer = auditSigner(generateAuditKey(new Uint8Array(32).fill(5)));
      assert.ok(signer.signAsync, 'a key-file signer signs on a worker too');
      const clock = () => new Date('2026-01-01T00:00:00Z');
      const off = new AuditLog(store, signer, { checkpointEvery: 4, now: clock, signOffThread: true });
      const single = new AuditLog(one, signer, { checkpointEvery: 4, now: clock });
      const events = Array.from({ length: 11 }, (_, i) => ({ actor: 'system', action: 'case.alert_added', subject: `case-${i % 3}`, details: { i } }));
      await off.appendMany(events.slice(0, 10));
      await off.appendMany(events.slice(10));
      for (const e of events) await single.append(e);
      await assertSameChain(store, one);
      // A second log on the same store appends while the first one's checkpoint is being signed:
      // the first write finds the head moved, and chains after it.
      const inline = new AuditLog(store, signer, { checkpointEvery: 4, now: clock });
      const racing = off.appendMany(events.slice(0, 3)); // rows 12–14, checkpoint at 12
      await inline.append(events[3]);
      await racing;
      const rows = await store.auditRows(0, 100);
      assert.equal(rows.length, 15);
      const after = await store.auditCheckpoints(0, 100);
      assert.deepEqual(after.map((c) => [c.id, c.seq]), [[1, 4], [2, 8], [3, 12]]);
      assert.deepEqual(await verifyAudit(store, { publicKeys: signer.publicKey, checkpointEvery: 4 }),
        { ok: true, rows: 15, checkpoints: 3, head: { seq: 15, hash: rows[14].hash }, unsignedTail: 3 });
      await store.close();
      await one.close();
    });

    test('a signer whose worker fails: the checkpoint is signed inside the write instead', async () => {
      const store = await freshSecurityStore(backend, 'audit');
      const base = testSigner();
      const failing = { alg: base.alg, keyId: base.keyId, publicKey: base.publicKey, sign: (m: Uint8Array) => base.sign(m), signAsync: () => Promise.reject(new Error('worker gone')) };
      const log = new AuditLog(store, failing, { checkpointEvery: 2, signOffThread: true });
      await log.appendMany([{ actor: 'system', action: 'login' }, { actor: 'system', action: 'logout' }, { actor: 'system', action: 'login' }]);
      assert.deepEqual((await store.auditCheckpoints(0, 10)).map((c) => c.seq), [2]);
      assert.equal((await verifyAudit(store, { publicKeys: base.publicKey, checkpointEvery: 2 })).ok, true);
      await store.close();
    });

    test('an on-demand checkpoint of the empty log signs the genesis hash, and verifies', async () => {
      const store = await freshSecurityStore(backend, 'audit');
      const signer = testSigner();
      const cp = await new AuditLog(store, signer).checkpoint();
      assert.deepEqual([cp.id, cp.seq, cp.head_hash], [1, 0, GENESIS_HASH]);
      assert.deepEqual(await verifyAudit(store, { publicKeys: signer.publicKey }),
        { ok: true, rows: 0, checkpoints: 1, head: { seq: 0, hash: GENESIS_HASH }, unsignedTail: 0 });
      await store.close();
    });

    test('checkpointEvery 0 turns automatic checkpoints off', async () => {
      const store = await freshSecurityStore(backend, 'audit');
      const log = new AuditLog(store, testSigner(), { checkpointEvery: 0 });
      for (let i = 0; i < 3; i++) await log.append({ actor: 'system', action: 'login' });
      assert.equal((await store.auditCheckpoints(0, 10)).length, 0);
      await store.close();
    });

    test('events are validated before anything is stored', async () => {
      const store = await freshSecurityStore(backend, 'audit');
      const log = new AuditLog(store, testSigner());
      await assert.rejects(log.append({ actor: '', action: 'login' }), /actor/);
      await assert.rejects(log.append({ actor: 'u', action: 'Login!' }), /action/);
      await assert.rejects(log.append({ actor: 'u', action: 'login', details: { bad: Number.NaN } }), /not a JSON number/);
      await assert.rejects(log.append({ actor: 'u', action: 'login', details: { when: new Date() } as never }), /Date object is not JSON/);
      assert.equal((await store.auditRows(0, 10)).length, 0);
      await store.close();
    });

    test('readAudit returns parsed rows in seq order, paged', async () => {
      const store = await freshSecurityStore(backend, 'audit');
      const log = new AuditLog(store, testSigner());
      for (let i = 1; i <= 5; i++) await log.append({ actor: 'user:bob', action: 'unmask', subject: `party-${i}`, details: { fields: ['id_number'] } });
      const page = await readAudit(store, { afterSeq: 2, limit: 2 });
      assert.deepEqual(page.map((r) => r.seq), [3, 4]);
      assert.deepEqual(page[0].details, { fields: ['id_number'] });
      await store.close();
    });
  });
}

test('appending builds a hash chain from the genesis hash, and it verifies', async () => {
  const { store, cleanup } = fileStore('audit');
  try {
    const clock = manualClock();
    const signer = testSigner();
    const log = new AuditLog(store, signer, { now: clock.date });
    const first = await log.append({ actor: 'user:alice', action: 'login' });
    clock.advance(1000);
    const second = await log.append({ actor: 'user:alice', action: 'case.assign', subject: 'case-17', details: { to: 'bob', note: '转交' } });
    assert.equal(first.seq, 1);
    assert.equal(first.prev_hash, GENESIS_HASH);
    assert.equal(first.subject, null);
    assert.deepEqual(first.details, {});
    assert.equal(second.seq, 2);
    assert.equal(second.prev_hash, first.hash);
    assert.equal(second.time, '2026-01-15T09:00:01.000Z');
    // The documented serialisation reproduces the stored hash.
    const expected = canonicalJson({
      action: 'case.assign', actor: 'user:alice', details: { note: '转交', to: 'bob' }, prev_hash: first.hash,
      seq: 2, subject: 'case-17', time: '2026-01-15T09:00:01.000Z',
    });
    assert.equal(expected, '{"action":"case.assign","actor":"user:alice","details":{"note":"转交","to":"bob"},'
      + `"prev_hash":"${first.hash}","seq":2,"subject":"case-17","time":"2026-01-15T09:00:01.000Z"}`);
    const { createHash } = await import('node:crypto');
    assert.equal(second.hash, createHash('sha256').update(expected, 'utf8').digest('hex'));

    const result = await verifyAudit(store, { publicKeys: signer.publicKey });
    assert.deepEqual(result, { ok: true, rows: 2, checkpoints: 0, head: { seq: 2, hash: second.hash }, unsignedTail: 2 });
  } finally {
    await cleanup();
  }
});

test('the audit tables refuse UPDATE and DELETE through SQL (triggers)', async () => {
  const { path, store, cleanup } = fileStore('audit-trigger');
  try {
    const log = new AuditLog(store, testSigner(), { checkpointEvery: 1 });
    await log.append({ actor: 'system', action: 'login' });
    const other = new Database(path);
    try {
      assert.throws(() => other.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 1").run(), /append-only/);
      assert.throws(() => other.prepare('DELETE FROM audit_log').run(), /append-only/);
      assert.throws(() => other.prepare("UPDATE audit_checkpoints SET time = 'x'").run(), /append-only/);
      assert.throws(() => other.prepare('DELETE FROM audit_checkpoints').run(), /append-only/);
    } finally {
      other.close();
    }
  } finally {
    await cleanup();
  }
});

test('two connections on one file extend one chain (each reads the head inside its write lock)', async () => {
  const { path, store, cleanup } = fileStore('audit-two');
  const second = new SqliteSecurityStore(path);
  try {
    const signer = testSigner();
    const a = new AuditLog(store, signer);
    const b = new AuditLog(second, signer);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append({ actor: `user:${i}`, action: 'login' })));
    const result = await verifyAudit(store, { publicKeys: signer.publicKey });
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.rows, 20);
  } finally {
    await second.close();
    await cleanup();
  }
});

test('the store accepts an open better-sqlite3 Database and leaves it open', async () => {
  const db = new Database(':memory:');
  const store = new SqliteSecurityStore(db);
  await new AuditLog(store, testSigner()).append({ actor: 'system', action: 'login' });
  await store.close();
  assert.equal((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n, 1);
  db.close();
});

test('recomputeRowHash reports rows whose details are not canonical JSON', () => {
  const fields = { seq: 1, time: '2026-01-01T00:00:00.000Z', actor: 'a', action: 'login', subject: null, prev_hash: GENESIS_HASH };
  const hash = rowHash({ ...fields, details: { a: 1, b: 2 } });
  assert.deepEqual(recomputeRowHash({ ...fields, details: '{"a":1,"b":2}', hash }), { hash });
  assert.deepEqual(recomputeRowHash({ ...fields, details: '{"b":2,"a":1}', hash }), { problem: 'details are not in canonical form' });
  assert.deepEqual(recomputeRowHash({ ...fields, details: '{oops', hash }), { problem: 'details are not JSON' });
});
