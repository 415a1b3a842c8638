import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiKeys } from '../../src/security/api-keys.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { login, PASSWORD, startTestServer, type TestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-roles-'));
const db = join(dir, 'rw.db');
let server: TestServer;
let admin = '';

before(async () => {
  server = await startTestServer(db);
  const first = await login(server.base, 'admin', server.adminPassword!);
  const changed = await fetch(`${server.base}/v1/auth/password`, {
    method: 'POST', headers: { cookie: first.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ current: server.adminPassword, new: PASSWORD }),
  });
  assert.equal(changed.status, 200);
  admin = (await login(server.base, 'admin')).cookie;
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const send = (path: string, headers: Record<string, string>, body?: unknown): Promise<Response> =>
  fetch(server.base + path, body === undefined ? { headers } : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function aCase(): Promise<string> {
  const key = { authorization: `Bearer ${server.apiKey}` };
  for (const [i, hour] of [[1, 1], [2, 2], [3, 3]]) {
    assert.equal((await send('/v1/transactions', key, { id: `cash-${i}`, time: `2026-04-01T0${hour}:00:00Z`, from: 'CUST-1', to: 'CASH-01', amount: '30000', channel: 'cash_out' })).status, 200);
  }
  for (let i = 0; i < 100; i++) {
    const list = (await (await send('/v1/cases', { cookie: admin })).json()) as { cases: Array<{ id: string }> };
    if (list.cases.length > 0) return list.cases[0].id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no case was filed');
}

test('the first-run output says what each role does and how to add one', () => {
  const text = server.lines.join('\n');
  for (const role of ['admin', 'supervisor', 'analyst', 'auditor']) assert.match(text, new RegExp(`^  ${role} +\\S`, 'm'), role);
  assert.match(text, /add a user: npx ringwatch users add NAME --role analyst --store /);
});

test('/v1/auth/me names what the caller may do', async () => {
  const me = (await (await send('/v1/auth/me', { cookie: admin })).json()) as { user: { role: string; permissions: string[] } };
  assert.equal(me.user.role, 'admin');
  for (const p of ['cases.read', 'cases.work', 'cases.close', 'cases.export', 'pii.unmask', 'users.manage', 'audit.read']) assert.ok(me.user.permissions.includes(p), p);
  const key = (await (await send('/v1/auth/me', { authorization: `Bearer ${server.apiKey}` })).json()) as { user: { permissions: string[]; scopes: string[] } };
  assert.deepEqual(key.user.scopes, ['ingest', 'read', 'lists']);
  assert.ok(key.user.permissions.includes('cases.read') && !key.user.permissions.includes('cases.export'), key.user.permissions.join(','));
});

test('the printed admin works a case to "reported" with the actions the server sends, and may export it', async () => {
  const id = await aCase();
  let detail = (await (await send(`/v1/cases/${id}`, { cookie: admin })).json()) as { case: { state: string; allowed_actions: string[]; close_outcomes: string[] } };
  assert.deepEqual(detail.case.allowed_actions, ['assign', 'close', 'comment', 'attach', 'export']);
  assert.deepEqual(detail.case.close_outcomes, ['false_positive', 'confirmed', 'reported']);
  for (const body of [{ action: 'assign' }, { action: 'investigate' }, { action: 'close', outcome: 'reported', note: 'filed with the FIU' }]) {
    const r = await send(`/v1/cases/${id}/actions`, { cookie: admin }, body);
    assert.equal(r.status, 200, `${JSON.stringify(body)}: ${await r.clone().text()}`);
    const answer = (await r.json()) as { case: { allowed_actions: string[] } };
    assert.ok(Array.isArray(answer.case.allowed_actions), 'an action answers with the case and what may be done next');
  }
  detail = (await (await send(`/v1/cases/${id}`, { cookie: admin })).json()) as typeof detail;
  assert.equal(detail.case.state, 'closed');
  assert.deepEqual(detail.case.allowed_actions, ['reopen', 'comment', 'export']);
  // The export is allowed (without an institution configured it names what is missing: 422, never 403).
  const report = await send(`/v1/cases/${id}/report?format=goaml`, { cookie: admin });
  assert.notEqual(report.status, 403, await report.clone().text());
});

test('API keys: the reports scope fetches a report; a key without it is told which scope would', async () => {
  const id = await aCase();
  const plain = await send(`/v1/cases/${id}/report`, { authorization: `Bearer ${server.apiKey}` });
  assert.equal(plain.status, 403);
  const why = (await plain.json()) as { reason: string };
  assert.match(why.reason, /may not cases\.export \(a key needs scope reports or admin: ringwatch keys add NAME --scopes reports\)/);
  // The case itself is readable with the default read scope.
  assert.equal((await send(`/v1/cases/${id}`, { authorization: `Bearer ${server.apiKey}` })).status, 200);
  const store = new SqliteStore(db, { durability: 'normal' });
  const { keys } = await ApiKeys.open(store);
  const reports = await keys.issue('filing system', ['reports']);
  await store.close();
  await new Promise((r) => setTimeout(r, 1200)); // the server re-reads the keys each second
  const r = await send(`/v1/cases/${id}/report`, { authorization: `Bearer ${reports}` });
  assert.notEqual(r.status, 403, await r.clone().text());
  const unmasked = await send(`/v1/cases/${id}/report?unmask=1`, { authorization: `Bearer ${reports}` });
  assert.equal(unmasked.status, 403, 'a key never unmasks');
});
