import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readAudit } from '../../src/security/audit.js';
import { LoginThrottle } from '../../src/security/login-throttle.js';
import { SqliteSecurityStore } from '../../src/store/sqlite-security.js';
import { addUsers, login, PASSWORD, startTestServer, type TestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-throttle-'));
const db = join(dir, 'rw.db');
let server: TestServer;

before(async () => {
  server = await startTestServer(db);
  await addUsers(db, [['victim', 'analyst'], ['bystander', 'analyst']]);
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function auditRows(): Promise<Array<{ action: string; actor: string; subject: string | null; details: Record<string, unknown> }>> {
  const store = new SqliteSecurityStore(db);
  try {
    return (await readAudit(store, { limit: 10_000 })) as never;
  } finally {
    await store.close();
  }
}

test('LoginThrottle: a lockout starts once at the limit, lasts lockMs, and old failures slide out of the window', () => {
  let now = 1_000_000;
  const t = new LoginThrottle({ userFailures: 3, addressFailures: 5, windowMs: 60_000, lockMs: 30_000, now: () => now });
  assert.deepEqual(t.failed('u', 'a1'), []);
  now += 61_000; // the first failure leaves the window
  assert.deepEqual(t.failed('u', 'a1'), []);
  assert.deepEqual(t.failed('u', 'a1'), []);
  assert.equal(t.check('u', 'a1'), undefined);
  const locks = t.failed('u', 'a1');
  assert.deepEqual(locks.map((l) => [l.scope, l.key, l.failures]), [['user', 'u', 3]]);
  assert.deepEqual(t.check('u', 'a2'), { scope: 'user', retryAfterS: 30 });
  assert.equal(t.check('other', 'a2'), undefined, 'other users are not locked');
  now += 29_000;
  assert.equal(t.check('u', 'a2')!.retryAfterS, 1);
  now += 1_001;
  assert.equal(t.check('u', 'a2'), undefined, 'the lock ends');
  // The address counts failures across usernames (three of u's are still in the window): a fifth one locks it for everyone.
  assert.deepEqual(t.failed('y', 'a1'), []);
  assert.deepEqual(t.failed('x', 'a1').map((l) => l.scope), ['address']);
  assert.equal(t.check('anyone', 'a1')!.scope, 'address');
  // A success clears the user's count only.
  t.failed('v', 'a9');
  t.failed('v', 'a9');
  t.succeeded('v');
  assert.deepEqual(t.failed('v', 'a9'), []);
  assert.deepEqual(t.failed('v', 'a9'), []);
});

test('LoginThrottle: memory is bounded by maxKeys', () => {
  const t = new LoginThrottle({ userFailures: 2, addressFailures: 1000, maxKeys: 100 });
  for (let i = 0; i < 10_000; i++) t.failed(`user${i}`, 'a');
  // The oldest were dropped: user0 has one failure left nowhere, so a new failure does not lock it.
  assert.deepEqual(t.failed('user0', 'b'), []);
  assert.equal(t.failed('user9999', 'b')[0].scope, 'user');
});

test('HTTP: five wrong passwords lock the user (429 + Retry-After, even with the right password); the lockout is audited once', async () => {
  for (let i = 0; i < 5; i++) assert.equal((await login(server.base, 'victim', `wrong password ${i}!`)).status, 401, `attempt ${i}`);
  for (let i = 0; i < 10; i++) {
    const r = await fetch(`${server.base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'Victim', password: i === 0 ? PASSWORD : 'guess guess guess' }) });
    assert.equal(r.status, 429);
    const retry = Number(r.headers.get('retry-after'));
    assert.ok(retry > 800 && retry <= 900, String(retry));
    const b = (await r.json()) as { reason: string };
    assert.match(b.reason, /too many failed logins for this user/);
  }
  const rows = await auditRows();
  assert.equal(rows.filter((r) => r.action === 'login.failed' && r.actor === 'user:victim').length, 5, 'each failure before the lockout, none after');
  const locked = rows.filter((r) => r.action === 'login.locked');
  assert.equal(locked.length, 1);
  assert.equal(locked[0].subject, 'user:victim');
  assert.equal(locked[0].details.failures, 5);
  // Another user is not affected.
  assert.equal((await login(server.base, 'bystander')).status, 200);
});

test('HTTP: twenty failures from one address lock the address for every username, audited once', async () => {
  // Five failures already came from this address (the test above); fifteen more with other names.
  for (let i = 0; i < 15; i++) assert.equal((await login(server.base, `nobody${i}`, 'wrong password!!')).status, 401, `attempt ${i}`);
  const r = await login(server.base, 'bystander');
  assert.equal(r.status, 429);
  assert.match(String(r.body.reason), /for this address/);
  const before = (await auditRows()).length;
  for (let i = 0; i < 20; i++) assert.equal((await login(server.base, `flood${i}`, 'x')).status, 429);
  const rows = await auditRows();
  assert.equal(rows.length, before, 'a flood against a locked address adds no audit rows');
  const locked = rows.filter((x) => x.action === 'login.locked').map((x) => x.subject);
  assert.deepEqual(locked, ['user:victim', 'address:127.0.0.1']);
});
