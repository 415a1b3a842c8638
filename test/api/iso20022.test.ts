import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/harness.js';
import { cbprPacs008, pacs002, pacs008, pain001, pain013, toXml } from '../ingest/iso20022-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-iso-'));
const DB = join(dir, 'rw.db');
let server: TestServer;

before(async () => {
  server = await startTestServer(DB, { users: false });
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function post(type: string, body: unknown, init: { raw?: boolean; contentType?: string; auth?: string | null; s?: TestServer } = {}): Promise<{ status: number; body: Body }> {
  const s = init.s ?? server;
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' };
  if (init.auth !== null) headers.authorization = `Bearer ${init.auth ?? s.apiKey}`;
  const r = await fetch(`${s.base}/v1/evaluate/iso20022/${type}`, { method: 'POST', headers, body: init.raw ? (body as string) : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as Body) : {} };
}

async function get(path: string, s = server): Promise<{ status: number; body: Body }> {
  const r = await fetch(s.base + path, { headers: { authorization: `Bearer ${s.apiKey}` } });
  return { status: r.status, body: (await r.json()) as Body };
}

const accountOf = (debtor: string): string => `+27-${debtor}MSISDNdfsp001`;

test('no route answers without credentials', async () => {
  for (const type of ['pain.001.001.11', 'pain.013.001.09', 'pacs.008.001.10', 'pacs.002.001.12']) {
    assert.equal((await post(type, pain001({ e2e: 'NOAUTH' }), { auth: null })).status, 401);
    assert.equal((await post(type, pain001({ e2e: 'NOAUTH' }), { auth: 'rw_wrong' })).status, 401);
  }
  assert.equal((await get('/v1/decisions/NOAUTH')).status, 404);
});

test('pain.001 → pain.013 → pacs.008 → pacs.002: one transfer in the graph, its status and its decision', async () => {
  const spec = { e2e: 'CHAIN-1', debtor: 'CH-D', creditor: 'CH-C', amount: '2500.00' };
  const p1 = await post('pain.001.001.11', pain001(spec));
  assert.equal(p1.status, 200, JSON.stringify(p1.body));
  assert.equal(p1.body.message, 'Transaction is valid');
  assert.equal(p1.body.data.TxTp, 'pain.001.001.11');
  assert.equal(p1.body.data.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf.Amt.InstdAmt.Amt.Amt, 2500);
  assert.equal(p1.body.decision.id, 'CHAIN-1');
  assert.ok(['ALLOW', 'REVIEW', 'BLOCK'].includes(p1.body.decision.decision));
  assert.equal(p1.body.duplicate, false);
  assert.equal(p1.body.transfer.status, 'pending');
  const state = (await get(`/v1/accounts/${encodeURIComponent(accountOf('CH-D'))}`)).body;

  const p13 = await post('pain.013.001.09', pain013(spec));
  const p8 = await post('pacs.008.001.10', pacs008(spec));
  for (const r of [p13, p8]) {
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.decision, p1.body.decision, 'the transfer decision, not a new one');
    assert.equal(r.body.duplicate, false);
  }
  assert.deepEqual((await get(`/v1/accounts/${encodeURIComponent(accountOf('CH-D'))}`)).body, state, 'never counted twice');
  const windows = Object.values(state.windows as Record<string, { out_count: number }>);
  assert.ok(windows.every((w) => w.out_count === 1), 'one transfer out of the debtor account');

  const p2 = await post('pacs.002.001.12', pacs002({ e2e: 'CHAIN-1', status: 'ACCC' }));
  assert.equal(p2.status, 200, JSON.stringify(p2.body));
  assert.deepEqual(p2.body.decision, p1.body.decision);
  assert.equal(p2.body.transfer.status, 'settled');
  assert.equal(p2.body.transfer.code, 'ACCC');
  assert.deepEqual(p2.body.transfer.messages.map((m: Body) => m.type), ['pain.001.001.11', 'pain.013.001.09', 'pacs.008.001.10', 'pacs.002.001.12']);

  const t = await get('/v1/iso20022/transfers/CHAIN-1');
  assert.equal(t.status, 200);
  assert.equal(t.body.status, 'settled');
  assert.equal(t.body.decision.id, 'CHAIN-1');
  assert.equal(t.body.messages.length, 4);
  assert.equal(t.body.messages[0].facts.purpose, 'MP2P');
  assert.equal(t.body.messages[0].facts.debtorBirthDate, '1968-**-**', 'personal data masked');
  assert.deepEqual(t.body.messages[0].facts.geolocation, { lat: '***', long: '***' });
  assert.equal((await get('/v1/iso20022/transfers/CHAIN-1?unmask=1')).status, 403, 'a machine key may not unmask');
  assert.equal(t.body.messages[0].transfer.debtorAccount, accountOf('CH-D'));
  const d = await get('/v1/decisions/CHAIN-1');
  assert.equal(d.status, 200);
});

test('a pacs.008 with no pain.001 is scored as the transfer; pacs.002 RJCT marks it rejected', async () => {
  const r = await post('pacs.008.001.10', pacs008({ e2e: 'SOLO-1', debtor: 'SO-D' }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.decision.id, 'SOLO-1');
  const pend = await post('pacs.002.001.12', pacs002({ e2e: 'SOLO-1', status: 'ACSP' }));
  assert.equal(pend.body.transfer.status, 'pending');
  const rj = await post('pacs.002.001.12', pacs002({ e2e: 'SOLO-1', status: 'RJCT' }));
  assert.equal(rj.status, 200);
  assert.equal(rj.body.transfer.status, 'rejected');
  const again = await post('pacs.002.001.12', pacs002({ e2e: 'SOLO-1', status: 'ACCC' }));
  assert.equal(again.status, 409);
  assert.equal(again.body.errors[0].field, 'FIToFIPmtSts.TxInfAndSts.TxSts');
});

test('replays return the stored answer with duplicate: true; conflicts are 409 naming the field', async () => {
  const spec = { e2e: 'REP-1', debtor: 'RP-D', amount: 75 };
  const first = await post('pacs.008.001.10', pacs008(spec));
  assert.equal(first.status, 200);
  const state = (await get(`/v1/accounts/${encodeURIComponent(accountOf('RP-D'))}`)).body;
  const again = await post('pacs.008.001.10', pacs008(spec));
  assert.equal(again.status, 200);
  assert.equal(again.body.duplicate, true);
  assert.equal(again.body.decision.duplicate, true);
  assert.deepEqual(again.body.data, first.body.data);
  assert.equal(again.body.decision.score, first.body.decision.score);
  // The same message with coerced types is the same content.
  const coerced = pacs008({ ...spec, amount: '75.00' });
  assert.equal((await post('pacs.008.001.10', coerced)).body.duplicate, true);

  const usedMsgId = await post('pacs.008.001.10', pacs008({ ...spec, amount: 76 }));
  assert.equal(usedMsgId.status, 409);
  assert.deepEqual(usedMsgId.body.errors.map((e: Body) => e.field), ['FIToFICstmrCdtTrf.GrpHdr.MsgId']);
  const otherMsgSameE2E = await post('pacs.008.001.10', pacs008({ ...spec, msgId: 'ANOTHER-MSG' }));
  assert.equal(otherMsgSameE2E.status, 409);
  assert.deepEqual(otherMsgSameE2E.body.errors.map((e: Body) => e.field), ['FIToFICstmrCdtTrf.CdtTrfTxInf.PmtId.EndToEndId']);
  const msgIdOnOtherRoute = await post('pain.001.001.11', pain001({ ...spec, msgId: 'T-REP-1' }));
  assert.equal(msgIdOnOtherRoute.status, 409);

  // A pacs.008 that does not match its pain.001.
  await post('pain.001.001.11', pain001({ e2e: 'REP-2', debtor: 'RP-D2', amount: 10 }));
  const mismatch = await post('pacs.008.001.10', pacs008({ e2e: 'REP-2', debtor: 'RP-D2', amount: 11 }));
  assert.equal(mismatch.status, 409);
  assert.deepEqual(mismatch.body.errors.map((e: Body) => e.field), ['FIToFICstmrCdtTrf.CdtTrfTxInf.InstdAmt.Amt.Amt']);
  const otherCreditor = await post('pacs.008.001.10', pacs008({ e2e: 'REP-2', debtor: 'RP-D2', amount: 10, creditor: 'ELSE' }));
  assert.equal(otherCreditor.status, 409);
  assert.equal(otherCreditor.body.errors[0].field, 'FIToFICstmrCdtTrf.CdtTrfTxInf.CdtrAcct.Id.Othr');

  assert.deepEqual((await get(`/v1/accounts/${encodeURIComponent(accountOf('RP-D'))}`)).body, state, 'nothing counted twice');
  const unknown = await post('pacs.002.001.12', pacs002({ e2e: 'NEVER-SEEN' }));
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.errors[0].field, 'FIToFIPmtSts.TxInfAndSts.OrgnlEndToEndId');
});

test('concurrent copies of one message are applied once', async () => {
  const body = pain001({ e2e: 'RACE-1', debtor: 'RACE-D' });
  const rs = await Promise.all(Array.from({ length: 8 }, () => post('pain.001.001.11', body)));
  assert.ok(rs.every((r) => r.status === 200));
  assert.equal(rs.filter((r) => !r.body.duplicate).length, 1);
  const state = (await get(`/v1/accounts/${encodeURIComponent(accountOf('RACE-D'))}`)).body;
  assert.ok(Object.values(state.windows as Record<string, { out_count: number }>).every((w) => w.out_count === 1));
});

test('bad bodies are 400 naming the field, and nothing is applied', async () => {
  const cases: Array<[string, unknown, string, string?]> = [
    ['pain.001.001.11', pacs008({ e2e: 'BAD-1' }), 'CstmrCdtTrfInitn'],
    ['pacs.008.001.10', { ...pacs008({ e2e: 'BAD-2' }), TenantId: 'acme' }, 'TenantId'],
    ['pacs.008.001.10', '', '(body)'],
    ['pacs.008.001.10', JSON.stringify(pacs008({ e2e: 'BAD-3' })).slice(0, 200), '(body)'],
    ['pacs.008.001.10', '[]', '(body)'],
    ['pacs.008.001.10', 'null', '(body)'],
  ];
  for (const [type, body, field] of cases) {
    const r = await post(type, typeof body === 'string' ? body : JSON.stringify(body), { raw: true });
    assert.equal(r.status, 400, `${type} ${String(body).slice(0, 40)}`);
    assert.ok(r.body.errors.some((e: Body) => e.field === field), JSON.stringify(r.body));
  }
  for (const id of ['BAD-1', 'BAD-2', 'BAD-3']) assert.equal((await get(`/v1/decisions/${id}`)).status, 404);
  const ccy = await post('pacs.008.001.10', pacs008({ e2e: 'BAD-4', ccy: 'usd' }));
  assert.equal(ccy.status, 400);
  assert.ok(ccy.body.errors.every((e: Body) => e.field.endsWith('.Ccy')));
});

test('ISO 20022 XML maps to the same message: the same payment gets the same decision', async () => {
  const spec = { e2e: 'XML-1', debtor: 'XM-D', creditor: 'XM-C', amount: '980.10' };
  const x = await post('pain.001.001.11', toXml('pain.001.001.11', pain001(spec)), { raw: true, contentType: 'application/xml' });
  assert.equal(x.status, 200, JSON.stringify(x.body));
  // The JSON rendering of the same message is the same content: a replay.
  const j = await post('pain.001.001.11', pain001(spec));
  assert.equal(j.status, 200);
  assert.equal(j.body.duplicate, true);
  assert.deepEqual(j.body.data, x.body.data);
  // Prefixed namespace inside an envelope, and text/xml.
  const p8 = await post('pacs.008.001.10', toXml('pacs.008.001.10', pacs008(spec), 'doc'), { raw: true, contentType: 'text/xml' });
  assert.equal(p8.status, 200, JSON.stringify(p8.body));
  assert.deepEqual(p8.body.decision, x.body.decision);
  const p2 = await post('pacs.002.001.12', toXml('pacs.002.001.12', pacs002({ e2e: 'XML-1' })), { raw: true, contentType: 'application/xml' });
  assert.equal(p2.status, 200, JSON.stringify(p2.body));
  assert.equal(p2.body.transfer.status, 'settled');

  const wrongRoute = await post('pain.001.001.11', toXml('pacs.008.001.10', pacs008({ e2e: 'XML-2' })), { raw: true, contentType: 'application/xml' });
  assert.equal(wrongRoute.status, 400);
  assert.equal(wrongRoute.body.errors[0].field, 'Document');
  const broken = await post('pacs.008.001.10', '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.10"><FIToFICstmrCdtTrf>', { raw: true, contentType: 'application/xml' });
  assert.equal(broken.status, 400);
  assert.equal(broken.body.errors[0].field, '(body)');
  const entity = await post('pacs.008.001.10', '<!DOCTYPE x [<!ENTITY a "b">]><Document/>', { raw: true, contentType: 'application/xml' });
  assert.equal(entity.status, 400);
  const missing = toXml('pacs.008.001.10', pacs008({ e2e: 'XML-3' })).replace(/<EndToEndId>[^<]*<\/EndToEndId>/, '');
  const m = await post('pacs.008.001.10', missing, { raw: true, contentType: 'application/xml' });
  assert.equal(m.status, 400);
  assert.deepEqual(m.body.errors.map((e: Body) => e.field), ['FIToFICstmrCdtTrf.CdtTrfTxInf.PmtId.EndToEndId']);
});

test('XML and JSON of the same payment on two fresh engines give the same decision', async () => {
  const a = await startTestServer(join(dir, 'json.db'), { users: false });
  const b = await startTestServer(join(dir, 'xml.db'), { users: false });
  try {
    let alerts = 0;
    for (let i = 0; i < 8; i++) {
      const spec = { e2e: `TWIN-${i}`, debtor: `TW-D${i}`, creditor: `TW-C${i}`, amount: `${1000 + i * 333}.5`, time: `2026-03-01T10:0${i}:00.000Z` };
      const j = await post('pacs.008.001.10', pacs008(spec), { s: a });
      const x = await post('pacs.008.001.10', toXml('pacs.008.001.10', pacs008(spec)), { raw: true, contentType: 'application/xml', s: b });
      assert.equal(j.status, 200);
      assert.equal(x.status, 200, JSON.stringify(x.body));
      assert.deepEqual(x.body.decision, j.body.decision);
      assert.deepEqual(x.body.data, j.body.data);
      if (j.body.decision.decision !== 'ALLOW') alerts++;
    }
    assert.ok(alerts > 0, 'debtors sharing one phone raise something, the same on both');
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('a CBPR+ pacs.008 in XML is accepted as it is, scored, and its pacs.002 in XML settles it', async () => {
  const r = await post('pacs.008.001.10', cbprPacs008('CBPR-1'), { raw: true, contentType: 'application/xml' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.decision.id, 'CBPR-1');
  const t = await get('/v1/iso20022/transfers/CBPR-1');
  assert.equal(t.body.messages[0].transfer.debtorAccount, 'DE89370400440532013000');
  assert.equal(t.body.messages[0].facts.crossBorder, true);
  const status = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.002.001.12"><FIToFIPmtSts><GrpHdr><MsgId>ST-CBPR-1</MsgId>` +
    `<CreDtTm>2026-03-02T09:31:00Z</CreDtTm></GrpHdr><TxInfAndSts><OrgnlEndToEndId>CBPR-1</OrgnlEndToEndId><TxSts>ACCC</TxSts></TxInfAndSts></FIToFIPmtSts></Document>`;
  const s = await post('pacs.002.001.12', status, { raw: true, contentType: 'application/xml' });
  assert.equal(s.status, 200, JSON.stringify(s.body));
  assert.equal(s.body.transfer.status, 'settled');
  assert.deepEqual(s.body.decision, r.body.decision);
  // The same message in JSON is held to Tazama's dialect.
  assert.equal((await post('pacs.002.001.12', { FIToFIPmtSts: { GrpHdr: { MsgId: 'ST-J', CreDtTm: '2026-03-02T09:31:00Z' }, TxInfAndSts: { OrgnlEndToEndId: 'CBPR-1', TxSts: 'ACCC' } } })).status, 400);
});

test('message facts are rule inputs: a cross-currency pacs.008 is cross-border for the rules', async () => {
  const domestic = pacs008({ e2e: 'CB-DOM', debtor: 'CBX-D1', creditor: 'CBX-C1', amount: '250000.00', ccy: 'CNY' });
  const cross = pacs008({ e2e: 'CB-X', debtor: 'CBX-D2', creditor: 'CBX-C2', amount: '250000.00', ccy: 'CNY' }) as Body;
  cross.FIToFICstmrCdtTrf.CdtTrfTxInf.IntrBkSttlmAmt = { Amt: { Amt: '35000.00', Ccy: 'USD' } };
  const d = await post('pacs.008.001.10', domestic);
  const x = await post('pacs.008.001.10', cross);
  assert.equal(d.status, 200);
  assert.equal(x.status, 200);
  const rules = (r: { body: Body }): string[] => r.body.decision.reasons.map((e: Body) => e.rule);
  assert.ok(rules(x).includes('pboc.lv.natural_cross_border.from'), JSON.stringify(rules(x)));
  assert.ok(!rules(d).includes('pboc.lv.natural_cross_border.from'));
  const state = (await get(`/v1/accounts/${encodeURIComponent(accountOf('CBX-D2'))}`)).body;
  assert.equal(state.day.cross_border, '250000.00');
});

test('chaining survives a restart', async () => {
  await post('pain.001.001.11', pain001({ e2e: 'RESTART-1', debtor: 'RS-D' }));
  const key = server.apiKey;
  await server.stop();
  server = { ...(await startTestServer(DB, { users: false })), apiKey: key };
  const replay = await post('pain.001.001.11', pain001({ e2e: 'RESTART-1', debtor: 'RS-D' }));
  assert.equal(replay.status, 200);
  assert.equal(replay.body.duplicate, true);
  const p8 = await post('pacs.008.001.10', pacs008({ e2e: 'RESTART-1', debtor: 'RS-D' }));
  assert.equal(p8.status, 200);
  assert.equal(p8.body.duplicate, false);
  assert.deepEqual(p8.body.transfer.messages.map((m: Body) => m.type), ['pain.001.001.11', 'pacs.008.001.10']);
  assert.equal((await post('pacs.008.001.10', pacs008({ e2e: 'REP-1', debtor: 'RP-D', amount: 76 }))).status, 409, 'used MsgIds are remembered');
  const state = (await get(`/v1/accounts/${encodeURIComponent(accountOf('RS-D'))}`)).body;
  assert.ok(Object.values(state.windows as Record<string, { out_count: number }>).every((w) => w.out_count === 1));
});

test('/docs lists the four routes with their schemas', async () => {
  const d = await get('/docs/json');
  for (const type of ['pain.001.001.11', 'pain.013.001.09', 'pacs.008.001.10', 'pacs.002.001.12']) {
    const op = d.body.paths[`/v1/evaluate/iso20022/${type}`]?.post;
    assert.ok(op, type);
    const schema = op.requestBody.content['application/json'].schema;
    assert.ok(schema.required.length >= 1);
  }
});
