import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { maskMatchReason } from '../../src/screening/mask.js';
import { addUsers, login, ringwatch, startTestServer, type TestServer } from '../helpers/harness.js';

/**
 * A list version imported over the API re-screens the stored parties: hits open screening cases
 * whose page shows the party and the list entry side by side, masked for analysts.
 */

const dir = mkdtempSync(join(tmpdir(), 'rw-api-screen-cases-'));
const db = join(dir, 'rw.db');
let server: TestServer;
const HEAD = 'list_id,name,kind,aliases,country,dob,source,id_no\n';

before(async () => {
  writeFileSync(join(dir, 'parties.ndjson'), [
    JSON.stringify({ account: 'A1', party_type: 'natural', person: { name: '張偉明', birthdate: '1980-05-01', id_number: '440305198005011234' } }),
    JSON.stringify({ account: 'C1', party_type: 'natural', person: { name: 'Peter Miller' } }),
  ].join('\n'));
  const imported = ringwatch(['parties', 'import', join(dir, 'parties.ndjson'), '--db', db]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.doesNotMatch(imported.stdout, /screened/, 'no list yet: nothing screened');
  server = await startTestServer(db);
  await addUsers(db, [['ana', 'analyst'], ['sue', 'supervisor']]);
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const importList = (list: string, body: string, query = '', headers: Record<string, string> = { authorization: `Bearer ${server.apiKey}` }): Promise<Response> =>
  fetch(`${server.base}/v1/screen/lists/${list}?format=csv${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...headers }, body });

test('POST /v1/screen/lists/:list: credentials, permission and a bad body are refused; nothing stored', async () => {
  assert.equal((await importList('cn', `${HEAD}CN-1,张伟明,person,,CN,1980-05-01,t,\n`, '', {})).status, 401);
  const ana = await login(server.base, 'ana');
  assert.equal((await importList('cn', `${HEAD}CN-1,张伟明,person,,CN,1980-05-01,t,\n`, '', { cookie: ana.cookie })).status, 403);
  let r = await importList('cn', `${HEAD}CN-1,张伟明,person,,CN,1980-05-01,t,\nCN-1,李四,person,,CN,,t,\n`);
  assert.equal(r.status, 400);
  assert.match(JSON.stringify(await r.json()), /appears twice/);
  r = await importList('Bad Name', `${HEAD}CN-1,x,person,,,,,\n`);
  assert.equal(r.status, 400);
  r = await importList('cn', `${HEAD}CN-1,x,person,,,,,\n`, '&format=ofac-sdn');
  assert.equal(r.status, 400);
  const lists = (await (await fetch(`${server.base}/v1/screen/lists`, { headers: { authorization: `Bearer ${server.apiKey}` } })).json()) as { total: number };
  assert.equal(lists.total, 0);
});

test('a list import re-screens the parties: a hit opens a screening case, side by side, masked for analysts; importing again opens nothing', async () => {
  const body = `${HEAD}CN-1,张伟明,person,Zhang Weiming,CN,1980-05-01,t,440305********1234\nCN-2,吴婷秀,person,,CN,1969-01-21,t,\n`;
  let r = await importList('cn', body, '&as_of=2026-01-01');
  assert.equal(r.status, 201, await r.clone().text());
  const first = (await r.json()) as { version: { version: number }; screening: { screened: number; hits: number; alerts: number; opened: string[] } };
  assert.equal(first.version.version, 1);
  assert.deepEqual([first.screening.screened, first.screening.hits, first.screening.alerts, first.screening.opened.length], [2, 1, 1, 1]);
  const caseId = first.screening.opened[0];

  r = await importList('cn', body, '&as_of=2026-02-01');
  const second = (await r.json()) as typeof first & { screening: { already_filed: number } };
  assert.deepEqual([second.version.version, second.screening.hits, second.screening.alerts, second.screening.already_filed], [2, 1, 0, 1]);

  const ana = await login(server.base, 'ana');
  const masked = (await (await fetch(`${server.base}/v1/cases/${caseId}`, { headers: { cookie: ana.cookie } })).json()) as {
    case: { kind: string; subject: string }; masked: boolean;
    evidence: Array<{ content: { screening: { query: Record<string, unknown>; entry: Record<string, unknown>; match_reasons: string[]; score: number } } }>;
  };
  assert.equal(masked.case.kind, 'screening');
  assert.equal(masked.masked, true);
  const side = masked.evidence[0].content.screening;
  assert.ok(side.score >= 0.9);
  assert.equal(side.query.account, 'A1');
  assert.equal(side.query.name, '張**');
  assert.equal(side.entry.name, '张**');
  assert.deepEqual(side.entry.aliases, ['Z**** W******']);
  assert.equal(side.query.id_no, '440***********1234');
  assert.doesNotMatch(JSON.stringify(masked), /440305198005011234|张伟明|張偉明|1980-05-01/, 'no clear name, id number or birth date anywhere');

  const sue = await login(server.base, 'sue');
  const clear = (await (await fetch(`${server.base}/v1/cases/${caseId}?unmask=1`, { headers: { cookie: sue.cookie } })).json()) as typeof masked;
  const plain = clear.evidence[0].content.screening;
  assert.equal(plain.query.name, '張偉明');
  assert.equal(plain.entry.name, '张伟明');
  assert.equal(plain.query.id_no, '440305198005011234');
  assert.equal(plain.entry.dob, '1980-05-01');
  assert.match(plain.match_reasons.join('; '), /张伟明/);

  // The case queue lists it with its kind; a search by the account finds it.
  const queue = (await (await fetch(`${server.base}/v1/cases?account=A1`, { headers: { cookie: ana.cookie } })).json()) as { cases: Array<{ id: string }> };
  assert.deepEqual(queue.cases.map((c) => c.id), [caseId]);
});

test('match reasons are masked word by word: how names matched stays readable, names and full dates do not', () => {
  assert.equal(maskMatchReason('name parts shi chao [pinyin] 0.970'), 'name parts s** c*** [pinyin] 0.970');
  assert.equal(maskMatchReason('name Han name equal 施超 [name] 0.970'), 'name Han name equal 施* [name] 0.970');
  assert.equal(maskMatchReason('dob agrees 1979-03-16'), 'dob agrees 1979-**-**');
  assert.equal(maskMatchReason('dob conflicts: query 1979-03-16, list 1980|1981-02'), 'dob conflicts: query 1979-**-**, list 1980|1981-**-**');
  assert.equal(maskMatchReason('country agrees CN'), 'country agrees CN');
});
