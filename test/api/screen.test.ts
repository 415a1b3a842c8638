import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { screeningStoreDir } from '../../src/cli/screen-lists.js';
import { ScreeningListStore, parseAsOf } from '../../src/screening/lists/store.js';
import type { ScreenEntry } from '../../src/screening/entry.js';
import { addUsers, login, startTestServer, type TestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-api-screen-'));
const db = join(dir, 'rw.db');
let server: TestServer;

const person = (list_id: string, name: string, dob: string, id_no = ''): ScreenEntry => ({ list_id, name, kind: 'person', aliases: [], country: 'CN', dob, source: 'test', id_no });

before(async () => {
  const store = new ScreeningListStore(screeningStoreDir(db));
  store.import('cn', [person('CN-1', '张伟明', '1980-05-01', '440305********123X')], { asOf: parseAsOf('2024-01-01'), format: 'csv', source: 't' });
  store.import('cn', [person('CN-1', '张伟明', '1980-05-01', '440305********123X'), person('CN-2', '吴婷秀', '1969-01-21')], { asOf: parseAsOf('2024-06-01'), format: 'csv', source: 't' });
  server = await startTestServer(db);
  await addUsers(db, [['ana', 'analyst'], ['sue', 'supervisor']]);
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string>): Promise<Response> =>
  fetch(`${server.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

test('POST /v1/screen answers 401 without credentials', async () => {
  const r = await post('/v1/screen', { name: 'Zhang Weiming' }, {});
  assert.equal(r.status, 401);
});

test('POST /v1/screen: one query, with score, reasons, list version; batch with as_of replay', async () => {
  const auth = { authorization: `Bearer ${server.apiKey}` };
  let r = await post('/v1/screen', { name: 'Zhang Weiming', dob: '1980-05-01' }, auth);
  assert.equal(r.status, 200);
  let body = (await r.json()) as { matches: Array<{ list_id: string; list: string; score: number; reasons: string[]; entry: { name: string; id_no: string } }>; lists: unknown[] };
  assert.equal(body.matches.length, 1);
  assert.equal(body.matches[0].list_id, 'CN-1');
  assert.equal(body.matches[0].list, 'cn');
  assert.ok(body.matches[0].score >= 0.9);
  assert.match(body.matches[0].reasons.join('; '), /dob agrees/);
  assert.deepEqual(body.lists, [{ name: 'cn', version: 2, as_of: '2024-06-01T00:00:00.000Z' }]);
  r = await post('/v1/screen?as_of=2024-03-01', [{ query_id: 'a', name: '吴婷秀' }, { query_id: 'b', name: '張偉明' }], auth);
  body = (await r.json()) as typeof body;
  assert.deepEqual(body.matches.map((m) => m.list_id), ['CN-1'], 'CN-2 was not listed yet on 2024-03-01');
  r = await post('/v1/screen', [{ query_id: 'a', name: '吴婷秀' }], auth);
  body = (await r.json()) as typeof body;
  assert.deepEqual(body.matches.map((m) => m.list_id), ['CN-2']);
});

test('POST /v1/screen: bad queries are refused naming the field; nothing is screened', async () => {
  const auth = { authorization: `Bearer ${server.apiKey}` };
  let r = await post('/v1/screen', { name: '', dob: '1980/05/01', colour: 'x' }, auth);
  assert.equal(r.status, 400);
  const body = (await r.json()) as { errors: Array<{ field: string }> };
  assert.deepEqual(body.errors.map((e) => e.field).sort(), ['colour', 'dob', 'name']);
  r = await post('/v1/screen', [{ name: 'ok' }, 5], auth);
  assert.equal(r.status, 400);
  assert.deepEqual(((await r.json()) as { errors: Array<{ index: number }> }).errors.map((e) => e.index), [1]);
  r = await post('/v1/screen?as_of=yesterday', { name: 'x' }, auth);
  assert.equal(r.status, 400);
  r = await post('/v1/screen', [], auth);
  assert.equal(r.status, 400);
});

test('POST /v1/screen masks list entries for analysts, not for supervisors; the route is in /docs', async () => {
  const ana = await login(server.base, 'ana');
  let r = await post('/v1/screen', { name: '张伟明' }, { cookie: ana.cookie });
  assert.equal(r.status, 200);
  let body = (await r.json()) as { matches: Array<{ entry: { name: string; dob: string } }>; masked: boolean };
  assert.equal(body.masked, true);
  assert.notEqual(body.matches[0].entry.name, '张伟明');
  assert.equal(body.matches[0].entry.dob, '1980-**-**');
  const sue = await login(server.base, 'sue');
  r = await post('/v1/screen', { name: '张伟明' }, { cookie: sue.cookie });
  body = (await r.json()) as typeof body;
  assert.equal(body.masked, false);
  assert.equal(body.matches[0].entry.name, '张伟明');
  const docs = await fetch(`${server.base}/docs/json`, { headers: { authorization: `Bearer ${server.apiKey}` } });
  const spec = (await docs.json()) as { paths: Record<string, unknown> };
  assert.ok(spec.paths['/v1/screen']);
});
