import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiKeys, DEFAULT_SCOPES, hashKey, parseScopes, scopesAllow, scopesGranting } from '../../src/security/api-keys.js';
import { readAudit } from '../../src/security/audit.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SqliteSecurityStore } from '../../src/store/sqlite-security.js';
import { ringwatch, startTestServer, type TestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-keys-'));
const db = join(dir, 'rw.db');
let server: TestServer;

before(async () => {
  server = await startTestServer(db);
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
const tx = (id: string) => JSON.stringify({ id, time: '2026-03-01T00:00:00Z', from: 'A', to: 'B', amount: '1.00' });

async function status(key: string, method: string, path: string, body?: string): Promise<number> {
  return (await fetch(server.base + path, { method, headers: bearer(key), body })).status;
}

test('scopes grant exactly their permissions; unknown scopes are refused by name', () => {
  assert.equal(scopesAllow(['ingest'], 'transactions.write'), true);
  assert.equal(scopesAllow(['ingest'], 'alerts.read'), false);
  assert.equal(scopesAllow(['read'], 'alerts.read'), true);
  assert.equal(scopesAllow(['read'], 'lists.write'), false);
  assert.equal(scopesAllow(['lists'], 'lists.write'), true);
  assert.equal(scopesAllow(['lists'], 'transactions.write'), false);
  assert.equal(scopesAllow(['admin'], 'keys.manage'), true);
  assert.equal(scopesAllow(DEFAULT_SCOPES, 'keys.manage'), false);
  for (const p of ['cases.work', 'cases.close', 'pii.unmask', 'audit.read', 'users.manage']) assert.equal(scopesAllow(['ingest', 'read', 'lists', 'reports', 'admin'], p), false, p);
  // Reports (always masked for a key) need the reports scope; reading cases, read or reports.
  assert.equal(scopesAllow(['reports'], 'cases.export'), true);
  assert.equal(scopesAllow(['read'], 'cases.export'), false);
  assert.equal(scopesAllow(['read'], 'cases.read'), true);
  assert.deepEqual(scopesGranting('cases.export'), ['reports', 'admin']);
  assert.deepEqual(parseScopes('ingest, read,ingest'), ['ingest', 'read']);
  assert.throws(() => parseScopes('ingest,root'), /"root" is not one of ingest, read, lists, reports, admin/);
  assert.throws(() => parseScopes(''), /name at least one/);
  assert.throws(() => parseScopes(['__proto__']), /is not one of/);
});

test('stored keys: former hash lists keep working with the default scopes; a new RINGWATCH_API_KEY replaces the old one', async () => {
  const store = new MemoryStore();
  await store.setSetting('api_key_hashes', JSON.stringify([hashKey('rw_legacy')]));
  const { keys, created } = await ApiKeys.open(store);
  assert.equal(created, undefined);
  assert.deepEqual(keys.identify('Bearer rw_legacy')?.scopes, DEFAULT_SCOPES);
  const first = await ApiKeys.open(store, 'rw_env_one');
  assert.ok(first.keys.identify('Bearer rw_env_one'));
  const second = await ApiKeys.open(store, 'rw_env_two');
  assert.ok(second.keys.identify('Bearer rw_env_two'));
  assert.equal(second.keys.identify('Bearer rw_env_one'), undefined, 'the old env key is revoked');
  assert.ok(second.keys.identify('Bearer rw_legacy'), 'other keys are untouched');
  const revokedEnv = second.keys.list().find((k) => k.name === 'env' && k.revoked_at);
  assert.equal(revokedEnv?.revoked_by, 'system:env-changed');
  assert.ok(!JSON.stringify(second.keys.list()).includes('rw_env'), 'no key in the listing');
});

test('keys CLI and API: scoped keys, listing without secrets, revocation effective at once, audited', { timeout: 60_000 }, async () => {
  // An admin-scoped key made with the CLI while the server runs: the server picks it up.
  const added = ringwatch(['keys', 'add', 'ops admin', '--scopes', 'admin', '--db', db]);
  assert.equal(added.status, 0, added.stderr);
  const adminKey = /: (rw_\S+)/.exec(added.stdout)![1];
  let s = 0;
  for (let i = 0; i < 40 && s !== 200; i++) {
    await new Promise((r) => setTimeout(r, 100));
    s = await status(adminKey, 'GET', '/v1/keys');
  }
  assert.equal(s, 200);
  assert.equal(await status(server.apiKey, 'GET', '/v1/keys'), 403, 'the default key has no admin scope');

  const make = async (name: string, scopes: unknown): Promise<{ status: number; body: { key: string; id: string; scopes: string[]; errors?: Array<{ field: string }> } }> => {
    const r = await fetch(`${server.base}/v1/keys`, { method: 'POST', headers: bearer(adminKey), body: JSON.stringify({ name, scopes }) });
    return { status: r.status, body: (await r.json()) as never };
  };
  const bad = await make('x', ['root']);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors![0].field, 'scopes');
  const ingest = (await make('core banking feed', ['ingest'])).body;
  const read = (await make('BI reader', ['read'])).body;
  const lists = (await make('sanctions feed', 'lists')).body;
  assert.deepEqual(lists.scopes, ['lists']);

  assert.equal(await status(ingest.key, 'POST', '/v1/transactions', tx('k1')), 200);
  assert.equal(await status(ingest.key, 'GET', '/v1/alerts'), 403);
  const refused = await (await fetch(`${server.base}/v1/alerts`, { headers: bearer(ingest.key) })).json() as { reason: string };
  assert.match(refused.reason, /scopes ingest/);
  assert.equal(await status(ingest.key, 'POST', '/v1/lists/watch/entries', JSON.stringify({ kind: 'account', value: 'Z' })), 403);
  assert.equal(await status(read.key, 'GET', '/v1/alerts'), 200);
  assert.equal(await status(read.key, 'GET', '/healthz'), 200);
  assert.equal(await status(read.key, 'POST', '/v1/transactions', tx('k2')), 403);
  assert.equal(await status(read.key, 'DELETE', '/v1/lists/watch/entries/account/Z'), 403);
  assert.equal(await status(lists.key, 'POST', '/v1/lists/watch/entries', JSON.stringify({ kind: 'account', value: 'Z' })), 201);
  assert.equal(await status(lists.key, 'POST', '/v1/transactions', tx('k3')), 403);
  assert.equal(await status(lists.key, 'GET', '/v1/cases'), 403, 'no key reads cases');

  const listed = (await (await fetch(`${server.base}/v1/keys`, { headers: bearer(adminKey) })).json()) as { keys: Array<{ id: string; name: string; scopes: string[] }> };
  assert.ok(listed.keys.some((k) => k.id === ingest.id && k.name === 'core banking feed'));
  assert.ok(!JSON.stringify(listed).includes('rw_') && !JSON.stringify(listed).includes('"hash"'), 'neither keys nor hashes are listed');

  // Revoked through the API: refused from the very next request.
  assert.equal((await fetch(`${server.base}/v1/keys/${ingest.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${adminKey}` } })).status, 200);
  assert.equal(await status(ingest.key, 'POST', '/v1/transactions', tx('k4')), 401);
  assert.equal((await fetch(`${server.base}/v1/keys/${ingest.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${adminKey}` } })).status, 404);

  // Revoked through the CLI: refused within about a second.
  const cliList = ringwatch(['keys', 'list', '--db', db]);
  assert.equal(cliList.status, 0, cliList.stderr);
  assert.match(cliList.stdout, new RegExp(`${read.id}\\tBI reader\\tread\\t\\S+\\t-`));
  assert.match(cliList.stdout, new RegExp(`${ingest.id}\\tcore banking feed\\tingest\\t\\S+\\t20`));
  assert.ok(!cliList.stdout.includes('rw_'));
  assert.equal(ringwatch(['keys', 'revoke', read.id, '--db', db]).status, 0);
  let after = 200;
  for (let i = 0; i < 30 && after === 200; i++) {
    await new Promise((r) => setTimeout(r, 100));
    after = await status(read.key, 'GET', '/v1/alerts');
  }
  assert.equal(after, 401);
  assert.notEqual(ringwatch(['keys', 'revoke', read.id, '--db', db]).status, 0, 'revoking twice is an error');

  const store = new SqliteSecurityStore(db);
  try {
    const rows = await readAudit(store, { limit: 10_000 });
    assert.equal(rows.filter((r) => r.action === 'key.add').length, 4);
    assert.deepEqual(rows.filter((r) => r.action === 'key.revoke').map((r) => [r.actor, r.subject]), [[`key:${listed.keys.find((k) => k.name === 'ops admin')!.id}`, `key:${ingest.id}`], ['system:cli', `key:${read.id}`]]);
  } finally {
    await store.close();
  }
});
