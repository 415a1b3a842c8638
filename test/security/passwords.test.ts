import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SCRYPT, DUMMY_PASSWORD_HASH, generatePassword, hashPassword, needsRehash, parsePasswordHash, passwordProblem, verifyPassword,
} from '../../src/security/passwords.js';
import { FAST_SCRYPT } from './helpers.js';

test('hash format is scrypt$N$r$p$salt$hash with the default cost N=2^15, r=8, p=1', async () => {
  const hash = await hashPassword('correct horse battery staple');
  assert.match(hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  const parsed = parsePasswordHash(hash);
  assert.deepEqual(parsed?.params, DEFAULT_SCRYPT);
  assert.equal(parsed?.salt.length, 16);
  assert.equal(parsed?.key.length, 32);
  assert.equal(await verifyPassword(hash, 'correct horse battery staple'), true);
  assert.equal(await verifyPassword(hash, 'correct horse battery stapler'), false);
  assert.equal(await verifyPassword(hash, ''), false);
  assert.equal(needsRehash(hash), false);
});

test('each hash has its own salt', async () => {
  const [a, b] = await Promise.all([hashPassword('same password twice', FAST_SCRYPT), hashPassword('same password twice', FAST_SCRYPT)]);
  assert.notEqual(a.split('$')[4], b.split('$')[4]);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword(a, 'same password twice'), true);
  assert.equal(await verifyPassword(b, 'same password twice'), true);
});

test('passwords are compared after Unicode NFC normalisation', async () => {
  const hash = await hashPassword('Caf\u00e9 au lait 2026', FAST_SCRYPT);
  assert.equal(await verifyPassword(hash, 'Cafe\u0301 au lait 2026'), true);
});

test('malformed or hostile stored hashes verify false and never throw', async () => {
  for (const bad of ['', 'scrypt', 'bcrypt$2b$10$abc', 'scrypt$32768$8$1$salt', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'scrypt$1024$8$1$A$A', 'scrypt$1024$8$1$!!!!!!!!!!$AAAA']) {
    assert.equal(await verifyPassword(bad, 'whatever password'), false, bad);
    assert.equal(needsRehash(bad), true);
  }
  assert.equal(await verifyPassword(DUMMY_PASSWORD_HASH, ''), false);
  assert.ok(parsePasswordHash(DUMMY_PASSWORD_HASH), 'the dummy hash is well-formed, so it costs a full scrypt');
});

test('weaker parameters ask for a rehash', async () => {
  assert.equal(needsRehash(await hashPassword('a fine password', FAST_SCRYPT)), true);
  assert.equal(needsRehash(await hashPassword('a fine password', FAST_SCRYPT), FAST_SCRYPT), false);
  await assert.rejects(hashPassword('x', { N: 1000, r: 8, p: 1 }), /power of two/);
});

test('policy: length and not the username; generated passwords pass it', () => {
  assert.match(passwordProblem('short') ?? '', /at least 12/);
  assert.match(passwordProblem('x'.repeat(257)) ?? '', /at most 256/);
  assert.match(passwordProblem('            ') ?? '', /blank/);
  assert.match(passwordProblem('abababababababab') ?? '', /repeat/);
  assert.match(passwordProblem('Alice.Analyst1', 'alice.analyst1') ?? '', /differ from the username/);
  assert.equal(passwordProblem('密码是一句很长的中文句子'), undefined, '12 Chinese characters');
  for (let i = 0; i < 20; i++) {
    const p = generatePassword();
    assert.match(p, /^[A-Za-z0-9_-]{24}$/);
    assert.equal(passwordProblem(p, 'admin'), undefined);
  }
});
