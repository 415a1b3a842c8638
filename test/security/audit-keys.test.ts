import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { AuditLog, verifyAudit } from '../../src/security/audit.js';
import { checkpointSignatureValid, keyIdOf } from '../../src/security/audit-chain.js';
import {
  auditSigner, generateAuditKey, openAuditKeyFile, publicKeyFromPem, publicKeyToPem, readAuditPublicKey,
} from '../../src/security/audit-keys.js';
import { SqliteSecurityStore } from '../../src/store/sqlite-security.js';
import { tempDir, testSigner } from './helpers.js';

const posix = process.platform !== 'win32';

test('first run creates a 0600 key file; later runs load the same key', async () => {
  const { dir, cleanup } = tempDir('keys');
  try {
    const path = join(dir, 'keys', 'audit-signing.key');
    const first = await openAuditKeyFile(path);
    assert.equal(first.created, true);
    if (posix) {
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(join(dir, 'keys')).mode & 0o077, 0);
    }
    assert.deepEqual(readdirSync(join(dir, 'keys')), ['audit-signing.key'], 'no temporary file is left behind');
    const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    assert.equal(file.format, 'ringwatch-audit-key/1');
    assert.equal(file.alg, 'ML-DSA-65');
    assert.equal(file.key_id, first.signer.keyId);

    const second = await openAuditKeyFile(path);
    assert.equal(second.created, false);
    assert.equal(second.signer.keyId, first.signer.keyId);
    assert.deepEqual(second.signer.publicKey, first.signer.publicKey);
    assert.deepEqual(await readAuditPublicKey(path), first.signer.publicKey);
  } finally {
    cleanup();
  }
});

test('two processes starting at once end up with one key', async () => {
  const { dir, cleanup } = tempDir('keys-race');
  try {
    const path = join(dir, 'audit.key');
    const [a, b, c] = await Promise.all([openAuditKeyFile(path), openAuditKeyFile(path), openAuditKeyFile(path)]);
    assert.equal(new Set([a.signer.keyId, b.signer.keyId, c.signer.keyId]).size, 1);
    assert.equal([a, b, c].filter((x) => x.created).length, 1);
  } finally {
    cleanup();
  }
});

test('a key file readable by others, a missing file with create: false, and a damaged file are refused', { skip: !posix && 'POSIX modes' }, async () => {
  const { dir, cleanup } = tempDir('keys-perm');
  try {
    const path = join(dir, 'audit.key');
    await assert.rejects(openAuditKeyFile(path, { create: false }), { code: 'ENOENT' });
    await openAuditKeyFile(path);
    chmodSync(path, 0o644);
    await assert.rejects(openAuditKeyFile(path), /readable by others \(mode 644\); run chmod 600/);
    chmodSync(path, 0o600);
    const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    file.public_key = Buffer.from(testSigner(3).publicKey).toString('base64');
    writeFileSync(path, JSON.stringify(file), { mode: 0o600 });
    await assert.rejects(openAuditKeyFile(path), /does not match the seed/);
  } finally {
    cleanup();
  }
});

test('the public key exports as an RFC 9881 SubjectPublicKeyInfo PEM and reads back', () => {
  const signer = testSigner();
  const pem = publicKeyToPem(signer.publicKey);
  assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----\n$/);
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  assert.equal(der.length, 1974);
  assert.equal(der.subarray(6, 17).toString('hex'), '0609608648016503040312', 'OID 2.16.840.1.101.3.4.3.18 (id-ml-dsa-65)');
  assert.deepEqual(publicKeyFromPem(pem), signer.publicKey);
  assert.throws(() => publicKeyFromPem(pem.replace('MIIH', 'MIIG')), /not an ML-DSA-65/);
});

test('a signer is deterministic from its seed and never exposes the secret key', () => {
  const seed = new Uint8Array(32).fill(42);
  const a = auditSigner(generateAuditKey(seed));
  const b = auditSigner(generateAuditKey(seed));
  assert.equal(a.keyId, b.keyId);
  assert.equal(a.keyId, keyIdOf(a.publicKey));
  assert.match(a.keyId, /^[0-9a-f]{32}$/);
  assert.deepEqual(Object.keys(a).sort(), ['alg', 'keyId', 'publicKey', 'sign', 'signAsync']);
  const pk = a.publicKey;
  pk[0] ^= 0xff;
  assert.notDeepEqual(a.publicKey, pk, 'the public key getter hands out copies');
  assert.throws(() => generateAuditKey(new Uint8Array(16)), /32 bytes/);
});

test('checkpoints verify with the key that signed them, across a key rotation', async () => {
  const store = new SqliteSecurityStore(':memory:');
  const oldKey = testSigner(1);
  const newKey = testSigner(2);
  await new AuditLog(store, oldKey, { checkpointEvery: 2 }).append({ actor: 'system', action: 'login' });
  await new AuditLog(store, oldKey, { checkpointEvery: 2 }).append({ actor: 'system', action: 'login' });
  const log = new AuditLog(store, newKey, { checkpointEvery: 2 });
  await log.append({ actor: 'system', action: 'config.change', details: { audit_key: 'rotated' } });
  await log.append({ actor: 'system', action: 'login' });
  const cps = await store.auditCheckpoints(0, 10);
  assert.deepEqual(cps.map((c) => c.key_id), [oldKey.keyId, newKey.keyId]);
  assert.equal(checkpointSignatureValid(cps[0], oldKey.publicKey), true);
  assert.equal(checkpointSignatureValid(cps[0], newKey.publicKey), false);
  assert.equal(checkpointSignatureValid({ ...cps[0], signature: cps[0].signature.subarray(1) }, oldKey.publicKey), false, 'short signature: false, no throw');
  assert.equal((await verifyAudit(store, { publicKeys: [oldKey.publicKey, newKey.publicKey] })).ok, true);
  const onlyNew = await verifyAudit(store, { publicKeys: [newKey.publicKey] });
  assert.deepEqual(onlyNew, { ok: false, seq: 2, checkpoint: 1, problem: `checkpoint 1 signed by an untrusted key ${oldKey.keyId}` });
  await store.close();
});

test('ML-DSA-65 timings (reported, not asserted)', (t) => {
  const timeIt = (f: () => void, n: number): number => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    return Number(process.hrtime.bigint() - start) / 1e6 / n;
  };
  const msg = new TextEncoder().encode('{"format":"ringwatch-audit-checkpoint/1"}');
  let keys = ml_dsa65.keygen();
  let sig = new Uint8Array();
  const keygen = timeIt(() => (keys = ml_dsa65.keygen()), 5);
  const sign = timeIt(() => (sig = ml_dsa65.sign(msg, keys.secretKey)), 10);
  let ok = false;
  const verify = timeIt(() => (ok = ml_dsa65.verify(sig, msg, keys.publicKey)), 10);
  assert.equal(ok, true);
  t.diagnostic(`ML-DSA-65 ms/op: keygen ${keygen.toFixed(2)}, sign ${sign.toFixed(2)}, verify ${verify.toFixed(2)}; signature ${sig.length} B, public key ${keys.publicKey.length} B`);
});
