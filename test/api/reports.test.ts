import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { INSTITUTION, PARTIES } from '../cases/helpers.js';
import { parseXml } from '../cases/xml-check.js';
import { addUsers, login, ringwatch, startTestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-reports-'));
const db = join(dir, 'rw.db');
let base = '';
let apiKey = '';
let stop: () => Promise<void>;
let supervisor = '';
let analyst = '';

before(async () => {
  const file = join(dir, 'parties.ndjson');
  writeFileSync(file, Object.values(PARTIES).map((p) => JSON.stringify(p)).join('\n') + '\n');
  const bad = join(dir, 'bad.ndjson');
  writeFileSync(bad, '{"account":"X"}\n{"party_type":"natural"}\n');
  const refused = ringwatch(['parties', 'import', bad, '--db', db]);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /line 2: account: is required/);
  const imported = ringwatch(['parties', 'import', file, '--db', db]);
  assert.equal(imported.status, 0, imported.stderr);
  const institution = { ...INSTITUTION, goaml: { ...INSTITUTION.goaml, indicators: { 'pboc.large_value': 'STR-LV-01' } } } as unknown as Record<string, unknown>;
  ({ base, apiKey, stop } = await startTestServer(db, { config: { institution } }));
  await addUsers(db, [['sup', 'supervisor'], ['ana', 'analyst']]);
  supervisor = (await login(base, 'sup')).cookie;
  analyst = (await login(base, 'ana')).cookie;
});

after(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

test('with the institution configured and the parties imported, a case exports as well-formed goAML and as a PBOC record', async () => {
  const r = await fetch(`${base}/v1/transactions`, {
    method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'T1', time: '2026-05-01T02:00:00Z', from: 'A1', to: 'B1', amount: '600000', channel: 'transfer' }),
  });
  assert.equal(((await r.json()) as { decision: string }).decision, 'REVIEW');
  let id = '';
  for (let i = 0; i < 50 && !id; i++) {
    await new Promise((res) => setTimeout(res, 50));
    id = ((await (await fetch(`${base}/v1/cases`, { headers: { cookie: supervisor } })).json()) as { cases: Array<{ id: string }> }).cases[0]?.id ?? '';
  }
  const xml = await fetch(`${base}/v1/cases/${id}/report?format=goaml`, { headers: { cookie: supervisor } });
  const text = await xml.text();
  assert.equal(xml.status, 200, text);
  assert.match(xml.headers.get('content-type') ?? '', /xml/);
  assert.equal(parseXml(text).name, 'report', 'well-formed, rooted at <report>');
  for (const el of ['<report>', '<rentity_id>1234</rentity_id>', '<report_code>STR</report_code>', '<transactionnumber>T1</transactionnumber>', '<reporting_person>']) assert.ok(text.includes(el), el);
  const pboc = await fetch(`${base}/v1/cases/${id}/report?format=pboc`, { headers: { cookie: supervisor } });
  assert.equal(pboc.status, 200);
  assert.match(await pboc.text(), /110101199001011234/);
  const masked = await (await fetch(`${base}/v1/cases/${id}`, { headers: { cookie: analyst } })).text();
  assert.ok(!masked.includes('110101199001011234') && !masked.includes('6222020000000001') && !masked.includes('张三'), 'no ID number, account number or name');
  assert.match(masked, /110\*{11}1234/, 'ID number as 110***********1234');
  assert.match(masked, /\*+0001/, 'account number keeps its last four');
  const plain = await (await fetch(`${base}/v1/cases/${id}?unmask=1`, { headers: { cookie: supervisor } })).text();
  assert.ok(plain.includes('110101199001011234') && plain.includes('6222020000000001'));
});
