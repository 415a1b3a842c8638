import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-http-'));
let base = '';
let key = '';
let stop: () => Promise<void>;

before(async () => {
  ({ base, apiKey: key, stop } = await startTestServer(join(dir, 'rw.db'), { users: false }));
});

after(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

function call(path: string, init: RequestInit & { auth?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.auth !== null) headers.set('authorization', `Bearer ${init.auth ?? key}`);
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return fetch(base + path, { ...init, headers });
}

const txBody = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, time: '2026-03-01T10:00:00+08:00', from: 'A1', to: 'B1', amount: '1200.50', currency: 'CNY', ...extra });

test('every route answers 401 without a key or with a wrong key', async () => {
  for (const [method, path] of [
    ['GET', '/healthz'], ['GET', '/metrics'], ['GET', '/v1/alerts'], ['GET', '/v1/decisions/x'],
    ['POST', '/v1/transactions'], ['POST', '/v1/transactions/batch'], ['GET', '/v1/accounts/A1'],
  ]) {
    const none = await call(path, { method, auth: null, body: method === 'POST' ? txBody('z') : undefined });
    assert.equal(none.status, 401, `${method} ${path} without key`);
    assert.ok(none.headers.get('www-authenticate'));
    const wrong = await call(path, { method, auth: 'rw_wrong', body: method === 'POST' ? txBody('z') : undefined });
    assert.equal(wrong.status, 401, `${method} ${path} with a wrong key`);
  }
  const d = await call('/v1/decisions/z');
  assert.equal(d.status, 404, 'the 401 probes applied nothing');
});

test('a valid transaction gets a decision; a bad one gets 400 naming each field', async () => {
  const ok = await call('/v1/transactions', { method: 'POST', body: txBody('h1') });
  assert.equal(ok.status, 200);
  const d = (await ok.json()) as { id: string; decision: string; score: number; duplicate: boolean };
  assert.equal(d.id, 'h1');
  assert.ok(['ALLOW', 'REVIEW', 'BLOCK'].includes(d.decision));
  assert.ok(d.score >= 0 && d.score <= 1);
  assert.equal(d.duplicate, false);

  const bad = await call('/v1/transactions', {
    method: 'POST',
    body: JSON.stringify({ id: 'h2', time: 'yesterday', from: 'A1', amount: 12.5, memo: 'x' }),
  });
  assert.equal(bad.status, 400);
  const body = (await bad.json()) as { errors: Array<{ field: string; reason: string }> };
  const fields = body.errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['amount', 'memo', 'time', 'to']);
  assert.match(body.errors.find((e) => e.field === 'amount')!.reason, /integer count of minor units/);
  assert.equal((await call('/v1/decisions/h2')).status, 404, 'nothing applied');

  const notJson = await call('/v1/transactions', { method: 'POST', body: '{"id": ' });
  assert.equal(notJson.status, 400);
});

test('the same transaction again returns the stored decision and changes no feature', async () => {
  const first = (await (await call('/v1/transactions', { method: 'POST', body: txBody('i1', { from: 'IA', to: 'IB' }) })).json()) as Record<string, unknown>;
  const stateBefore = await (await call('/v1/accounts/IA')).json();
  const again = await call('/v1/transactions', { method: 'POST', body: txBody('i1', { from: 'IA', to: 'IB' }) });
  assert.equal(again.status, 200);
  const second = (await again.json()) as Record<string, unknown>;
  assert.equal(second.duplicate, true);
  assert.equal(second.score, first.score);
  assert.equal(second.decision, first.decision);
  assert.deepEqual(await (await call('/v1/accounts/IA')).json(), stateBefore);
  const stored = (await (await call('/v1/decisions/i1')).json()) as Record<string, unknown>;
  assert.equal(stored.decision, first.decision);
});

test('batch: JSON array and NDJSON, bad records reported by index, the rest applied', async () => {
  const arr = await call('/v1/transactions/batch', {
    method: 'POST',
    body: JSON.stringify([JSON.parse(txBody('b1')), { id: 'b2', time: 'x' }, JSON.parse(txBody('b3'))]),
  });
  assert.equal(arr.status, 200);
  const r = (await arr.json()) as { accepted: number; rejected: number; errors: Array<{ index: number; errors: Array<{ field: string }> }> };
  assert.equal(r.accepted, 2);
  assert.equal(r.rejected, 1);
  assert.equal(r.errors[0].index, 1);
  assert.ok(r.errors[0].errors.some((e) => e.field === 'time'));
  assert.equal((await call('/v1/decisions/b3')).status, 200);

  const nd = await call('/v1/transactions/batch', {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: `${txBody('n1')}\nnot json\n${txBody('n2')}\n`,
  });
  const n = (await nd.json()) as { accepted: number; rejected: number; errors: Array<{ index: number }> };
  assert.equal(n.accepted, 2);
  assert.equal(n.errors[0].index, 1);
});

test('large cash deposits raise an alert listed by /v1/alerts; metrics and health answer', async () => {
  for (let i = 0; i < 3; i++) {
    await call('/v1/transactions', {
      method: 'POST',
      body: JSON.stringify({ id: `c${i}`, time: `2026-03-02T0${i + 1}:00:00+08:00`, from: 'CASH-01', to: 'CUST9', amount: '30000', channel: 'cash_in' }),
    });
  }
  const alerts = (await (await call('/v1/alerts?account=CUST9')).json()) as { alerts: Array<{ transaction_id: string; reasons: Array<{ rule: string }> }> };
  assert.ok(alerts.alerts.length >= 1, 'cumulative cash over 50,000 in a day alerts');
  assert.ok(alerts.alerts.some((a) => a.transaction_id === 'c1'));
  const bad = await call('/v1/alerts?limit=0');
  assert.equal(bad.status, 400);
  const metrics = await (await call('/metrics')).text();
  assert.match(metrics, /ringwatch_decisions_total\{decision="ALLOW"\} \d+/);
  assert.match(metrics, /^ringwatch_ring_transfers [1-9]\d*$/m, 'the ring refresh holds the transfers sent');
  assert.match(metrics, /^ringwatch_gang_evidence \d+$/m, 'the live gang finder\'s evidence is a gauge');
  const health = (await (await call('/healthz')).json()) as { status: string };
  assert.equal(health.status, 'ok');
});

test('lists: add, read, validate, remove; no access without a key', async () => {
  assert.equal((await call('/v1/lists', { auth: null })).status, 401);
  assert.equal((await call('/v1/lists/blacklist/entries', { method: 'POST', auth: null, body: '{}' })).status, 401);
  const add = await call('/v1/lists/blacklist/entries', { method: 'POST', body: JSON.stringify({ kind: 'account', value: 'MULE1', reason: 'confirmed mule', source: 'case-17' }) });
  assert.equal(add.status, 201);
  const again = await call('/v1/lists/blacklist/entries', { method: 'POST', body: JSON.stringify({ kind: 'account', value: 'MULE1' }) });
  assert.equal(again.status, 200);
  const bad = await call('/v1/lists/blacklist/entries', {
    method: 'POST',
    body: JSON.stringify([{ kind: 'device', value: 'D1' }, { kind: 'planet', value: 'x' }]),
  });
  assert.equal(bad.status, 400);
  const badBody = (await bad.json()) as { errors: Array<{ index: number; errors: Array<{ field: string }> }> };
  assert.equal(badBody.errors[0].index, 1);
  assert.equal(badBody.errors[0].errors[0].field, 'kind');
  const list = (await (await call('/v1/lists/blacklist')).json()) as { entries: Array<{ kind: string; value: string; reason: string; added_at: string }> };
  assert.deepEqual(list.entries.map((e) => `${e.kind}:${e.value}`), ['account:MULE1'], 'the bad batch added nothing');
  assert.equal(list.entries[0].reason, 'confirmed mule');
  assert.ok(Date.parse(list.entries[0].added_at) > 0);
  assert.equal((await call('/v1/lists/blacklist/entries/account/MULE1', { method: 'DELETE' })).status, 200);
  assert.equal((await call('/v1/lists/blacklist/entries/account/MULE1', { method: 'DELETE' })).status, 404);
});

test('rings and paths: a device-sharing ring found with reasons; a time-respecting path to a listed account', async () => {
  const day = Date.UTC(2026, 4, 1);
  const txs = [
    // A ring: three accounts on one device moving money among themselves.
    { id: 'r1', time: day, from: 'RING-A', to: 'RING-B', amount: '9000', device: 'DEV-RING' },
    { id: 'r2', time: day + 60_000, from: 'RING-B', to: 'RING-C', amount: '8800', device: 'DEV-RING' },
    { id: 'r3', time: day + 120_000, from: 'RING-C', to: 'RING-A', amount: '8600', device: 'DEV-RING' },
    // Money from a listed mule reaches VICTIM-2 in two time-respecting hops …
    { id: 'p1', time: day + 1000, from: 'MULE-X', to: 'MID-1', amount: '5000' },
    { id: 'p2', time: day + 2000, from: 'MID-1', to: 'VICTIM-2', amount: '4900' },
    // … but not VICTIM-3: its hop happened before the mule's.
    { id: 'p3', time: day - 5000, from: 'MID-2', to: 'VICTIM-3', amount: '4000' },
    { id: 'p4', time: day + 3000, from: 'MULE-X', to: 'MID-2', amount: '4100' },
  ];
  for (const t of txs) assert.equal((await call('/v1/transactions', { method: 'POST', body: JSON.stringify(t) })).status, 200);
  assert.equal((await call('/v1/lists/blacklist/entries', { method: 'POST', body: JSON.stringify({ kind: 'account', value: 'MULE-X' }) })).status, 201);

  assert.equal((await call('/v1/rings', { auth: null })).status, 401);
  // Shared devices: the components view (gangs, the default, need evidence past the burn-in: test/api/rings.test.ts).
  const rings = (await (await call('/v1/rings?algorithm=components')).json()) as { rings: Array<{ ring: string; members: string[]; risk: number; reasons: Array<{ name: string; value: number }> }> };
  const ring = rings.rings.find((r) => r.members.includes('RING-A'))!;
  assert.deepEqual(ring.members, ['RING-A', 'RING-B', 'RING-C']);
  assert.match(ring.ring, /^ring-[0-9a-f]{16}$/);
  assert.equal(ring.reasons.find((r) => r.name === 'shared_identifiers')!.value, 1);
  assert.ok(ring.reasons.find((r) => r.name === 'cycles')!.value > 0);
  const one = await call(`/v1/rings/${ring.ring}?algorithm=components`);
  assert.equal(one.status, 200);
  assert.equal((await call('/v1/rings/ring-0000000000000000')).status, 404);
  assert.equal((await call('/v1/rings?algorithm=magic')).status, 400);
  const leiden = (await (await call('/v1/rings?algorithm=leiden')).json()) as { modularity: number };
  assert.ok(leiden.modularity > 0);

  const up = (await (await call('/v1/accounts/VICTIM-2/paths?to_list=blacklist&direction=upstream')).json()) as { paths: Array<{ accounts: string[]; transactions: string[] }> };
  assert.deepEqual(up.paths[0].accounts, ['MULE-X', 'MID-1', 'VICTIM-2']);
  assert.deepEqual(up.paths[0].transactions, ['p1', 'p2']);
  const none = (await (await call('/v1/accounts/VICTIM-3/paths?to_list=blacklist&direction=upstream')).json()) as { paths: unknown[] };
  assert.equal(none.paths.length, 0, 'a path whose hops go back in time is refused');
  const down = (await (await call('/v1/accounts/MULE-X/paths?to=VICTIM-2')).json()) as { paths: Array<{ hops: number }> };
  assert.equal(down.paths[0].hops, 2);
  assert.equal((await call('/v1/accounts/MULE-X/paths?max_hops=99')).status, 400);
  assert.equal((await call('/v1/accounts/NOBODY/paths?to=MULE-X')).status, 404);
});
