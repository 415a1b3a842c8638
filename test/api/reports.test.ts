import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { INSTITUTION, PARTIES } from '../cases/helpers.js';
import { parseXml } from '../cases/xml-check.js';
import { readAudit } from '../../src/security/audit.js';
import { SqliteSecurityStore } from '../../src/store/sqlite-security.js';
import { addUsers, login, ringwatch, startTestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-reports-'));
const db = join(dir, 'rw.db');
let base = '';
let apiKey = '';
let stop: () => Promise<void>;
let supervisor = '';
let analyst = '';
let auditor = '';

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
  await addUsers(db, [['sup', 'supervisor'], ['ana', 'analyst'], ['aud', 'auditor']]);
  supervisor = (await login(base, 'sup')).cookie;
  analyst = (await login(base, 'ana')).cookie;
  auditor = (await login(base, 'aud')).cookie;
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
  const xml = await fetch(`${base}/v1/cases/${id}/report?format=goaml&unmask=1`, { headers: { cookie: supervisor } });
  const text = await xml.text();
  assert.equal(xml.status, 200, text);
  assert.match(xml.headers.get('content-type') ?? '', /xml/);
  assert.equal(parseXml(text).name, 'report', 'well-formed, rooted at <report>');
  for (const el of ['<report>', '<rentity_id>1234</rentity_id>', '<report_code>STR</report_code>', '<transactionnumber>T1</transactionnumber>', '<reporting_person>']) assert.ok(text.includes(el), el);
  const pboc = await fetch(`${base}/v1/cases/${id}/report?format=pboc&unmask=1`, { headers: { cookie: supervisor } });
  assert.equal(pboc.status, 200);
  assert.match(await pboc.text(), /110101199001011237/);
  const masked = await (await fetch(`${base}/v1/cases/${id}`, { headers: { cookie: analyst } })).text();
  assert.ok(!masked.includes('110101199001011237') && !masked.includes('6222020000000001') && !masked.includes('张三'), 'no ID number, account number or name');
  assert.match(masked, /110\*{11}1237/, 'ID number as 110***********1234');
  assert.match(masked, /\*+0001/, 'account number keeps its last four');
  const plain = await (await fetch(`${base}/v1/cases/${id}?unmask=1`, { headers: { cookie: supervisor } })).text();
  assert.ok(plain.includes('110101199001011237') && plain.includes('6222020000000001'));
});

async function auditActions(subject: string): Promise<Array<{ actor: string; action: string; details: Record<string, unknown> }>> {
  const store = new SqliteSecurityStore(db);
  try {
    return ((await readAudit(store, { limit: 10_000 })) as unknown as Array<{ actor: string; action: string; subject: string | null; details: Record<string, unknown> }>)
      .filter((r) => r.subject === subject);
  } finally {
    await store.close();
  }
}

test('report export: its own permission; masked unless unmasked by a role that may, and every unmasked export audited as an unmasking', async () => {
  const r = await fetch(`${base}/v1/transactions`, {
    method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'T9', time: '2026-05-02T02:00:00Z', from: 'A1', to: 'C1', amount: '700000', channel: 'transfer', to_type: 'legal' }),
  });
  assert.equal(r.status, 200);
  let id = '';
  for (let i = 0; i < 50 && !id; i++) {
    await new Promise((res) => setTimeout(res, 50));
    const list = ((await (await fetch(`${base}/v1/cases`, { headers: { cookie: supervisor } })).json()) as { cases: Array<{ id: string; subject: string }> }).cases;
    id = list.find((c) => c.subject === 'A1')?.id ?? '';
  }
  assert.ok(id);
  const secrets = ['110101199001011237', '6222020000000001', '张三', '91310000MA1K000000', '1990-01-01', '19900101'];
  for (const [who, cookie] of [['analyst', analyst], ['supervisor', supervisor]] as const) {
    for (const format of ['goaml', 'pboc']) {
      const masked = await fetch(`${base}/v1/cases/${id}/report?format=${format}`, { headers: { cookie } });
      const text = await masked.text();
      assert.equal(masked.status, 200, text);
      assert.equal(masked.headers.get('x-ringwatch-masked'), 'true');
      assert.match(masked.headers.get('content-disposition') ?? '', /-masked\./);
      for (const s of secrets) assert.ok(!text.includes(s), `${who} ${format}: ${s} in a masked report`);
    }
  }
  assert.equal((await fetch(`${base}/v1/cases/${id}/report?format=goaml&unmask=1`, { headers: { cookie: analyst } })).status, 403, 'analysts may not unmask');
  assert.equal((await fetch(`${base}/v1/cases/${id}/report?format=goaml`, { headers: { cookie: auditor } })).status, 403, 'auditors may not export');
  const before = (await auditActions(id)).filter((a) => a.action === 'unmask').length;
  const plain = await fetch(`${base}/v1/cases/${id}/report?format=pboc&unmask=1`, { headers: { cookie: supervisor } });
  const text = await plain.text();
  assert.equal(plain.status, 200, text);
  assert.equal(plain.headers.get('x-ringwatch-masked'), 'false');
  assert.ok(text.includes('110101199001011237'));
  const rows = await auditActions(id);
  const unmasks = rows.filter((a) => a.action === 'unmask');
  assert.equal(unmasks.length, before + 1, 'the unmasked export is audited as an unmasking');
  const last = unmasks.at(-1)!;
  assert.equal(last.actor, 'user:sup');
  assert.equal(last.details.via, 'export');
  assert.ok((last.details.fields as string[]).includes('id_number'));
  const exports = rows.filter((a) => a.action === 'case.export');
  assert.deepEqual(exports.map((e) => [e.actor, e.details.masked]).slice(-1), [['user:sup', false]]);
  assert.ok(exports.some((e) => e.actor === 'user:ana' && e.details.masked === true));
  assert.ok(!unmasks.some((u) => u.actor === 'user:ana'));
  // The case view masks the company's registration number for analysts as well.
  const view = await (await fetch(`${base}/v1/cases/${id}`, { headers: { cookie: analyst } })).text();
  assert.ok(!view.includes('91310000MA1K000000'), 'registration_number masked in the analyst view');
  assert.match(view, /"registration_number":"913\*+0000"/);
});
