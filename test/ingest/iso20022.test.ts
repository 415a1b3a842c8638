import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MESSAGE_TYPES, SCHEMAS, requiredPaths, toPaymentMessage, toTransaction, validateMessage, type MessageType,
} from '../../src/ingest/iso20022/index.js';
import { BUILDERS, pacs002, pacs008, pain001, pain013 } from './iso20022-fixtures.js';

type Obj = Record<string, unknown>;
const NOW = Date.UTC(2026, 5, 1);

function valid(type: MessageType): Obj {
  return BUILDERS[type]({ e2e: 'E2E-1' }) as Obj;
}

/** Parent object and key of a path such as "A.B[0].C". */
function locate(root: Obj, path: string): [Obj, string] {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let o: Obj = root;
  for (const k of keys.slice(0, -1)) o = o[k] as Obj;
  return [o, keys.at(-1)!];
}

function set(body: Obj, path: string, value: unknown): Obj {
  const copy = structuredClone(body);
  const [o, k] = locate(copy, path);
  if (value === undefined) delete o[k];
  else o[k] = value;
  return copy;
}

function errorsOf(type: MessageType, body: unknown): Array<{ field: string; reason: string }> {
  const r = validateMessage(type, body, NOW);
  assert.equal(r.ok, false, 'expected a refusal');
  return r.ok ? [] : r.errors;
}

function fieldsOf(type: MessageType, body: unknown): string[] {
  return errorsOf(type, body).map((e) => e.field);
}

test('a valid message of each type is accepted and understood', () => {
  for (const type of MESSAGE_TYPES) {
    const r = validateMessage(type, valid(type), NOW);
    assert.ok(r.ok, `${type}: ${JSON.stringify(!r.ok && r.errors)}`);
    assert.equal(r.message.data.TxTp, type);
  }
});

test('party and account ids follow Tazama: Othr[0].Id + SchmeNm.Prtry (+ agent MmbId); amount from InstdAmt', () => {
  for (const type of ['pain.001.001.11', 'pain.013.001.09', 'pacs.008.001.10'] as const) {
    const r = validateMessage(type, BUILDERS[type]({ e2e: 'E-9', debtor: 'D9', creditor: 'C9', amount: '1200.5', ccy: 'EUR' }), NOW);
    assert.ok(r.ok);
    const p = toPaymentMessage(r.message);
    assert.equal(p.endToEndId, 'E-9');
    assert.deepEqual(p.transfer, {
      debtor: 'D9TAZAMA_EID', creditor: 'C9TAZAMA_EID', debtorAccount: '+27-D9MSISDNdfsp001', creditorAccount: '+27-C9MSISDNdfsp002',
      amount: '1200.5', currency: 'EUR',
    });
    const tx = toTransaction(p);
    assert.ok(!('field' in tx));
    assert.equal(tx.id, 'E-9');
    assert.equal(tx.amount, 120050);
    assert.equal(tx.from, '+27-D9MSISDNdfsp001');
    assert.equal(tx.time, Date.UTC(2026, 2, 1, 10));
    assert.equal(p.facts.purpose, 'MP2P');
    assert.equal(p.facts.debtorAge, 58);
    assert.deepEqual(p.facts.geolocation, { lat: '-3.1609', long: '38.3588' });
    // The facts reach the transaction the engine scores (features and rule inputs).
    assert.equal(tx.purpose, 'MP2P');
    assert.equal(tx.payer_age, 58);
    assert.equal(tx.geo, '-3.1609,38.3588');
  }
  const s = validateMessage('pacs.002.001.12', pacs002({ e2e: 'E-9', status: 'RJCT' }), NOW);
  assert.ok(s.ok);
  const p = toPaymentMessage(s.message);
  assert.equal(p.endToEndId, 'E-9');
  assert.equal(p.facts.status, 'RJCT');
  assert.equal(p.transfer, undefined);
});

test('each required member missing is refused, naming its path', () => {
  for (const type of MESSAGE_TYPES) {
    const body = valid(type);
    const paths = requiredPaths(SCHEMAS[type]);
    assert.ok(paths.length > 15, `${type} has ${paths.length} required paths`);
    for (const path of paths) {
      const errors = errorsOf(type, set(body, path, undefined));
      assert.ok(errors.some((e) => e.field === path && e.reason === 'is required'), `${type} without ${path}: ${JSON.stringify(errors)}`);
    }
  }
});

test("Tazama's coercions are accepted: numeric strings, scalars as strings, one-element arrays, unknown members", () => {
  const base = pacs008({ e2e: 'C-1' });
  const cases: Array<[string, unknown, unknown]> = [
    ['FIToFICstmrCdtTrf.CdtTrfTxInf.InstdAmt.Amt.Amt', '310.25', 310.25],
    ['FIToFICstmrCdtTrf.GrpHdr.NbOfTxs', '1', 1],
    ['FIToFICstmrCdtTrf.GrpHdr.MsgId', 12345, '12345'],
    ['FIToFICstmrCdtTrf.GrpHdr.MsgId', ['M-array'], 'M-array'],
    ['FIToFICstmrCdtTrf.CdtTrfTxInf.InstdAmt.Amt.Amt', [310.25], 310.25],
    ['FIToFICstmrCdtTrf.RgltryRptg.Dtls.Cd', 100, '100'],
    ['FIToFICstmrCdtTrf.RmtInf.Ustrd', true, 'true'],
    ['FIToFICstmrCdtTrf.RmtInf.Ustrd', null, ''],
  ];
  for (const [path, sent, understood] of cases) {
    const r = validateMessage('pacs.008.001.10', set(base, path, sent), NOW);
    assert.ok(r.ok, `${path}=${JSON.stringify(sent)}: ${JSON.stringify(!r.ok && r.errors)}`);
    const [o, k] = locate(r.message.data, path);
    assert.deepEqual(o[k], understood, path);
  }
  const extra = set(set(base, 'FIToFICstmrCdtTrf.CdtTrfTxInf.xchgRate', 17.5), 'Unknown', { a: 1 });
  const r = validateMessage('pacs.008.001.10', extra, NOW);
  assert.ok(r.ok);
  assert.equal((r.message.data as Obj).Unknown, undefined, 'unknown members are ignored, not echoed');
  const p = validateMessage('pain.001.001.11', set(pain001({ e2e: 'C-2' }), 'CstmrCdtTrfInitn.GrpHdr.NbOfTxs', ' 1 '), NOW);
  assert.ok(p.ok);
});

test('currencies must be ISO 4217 as written there', () => {
  const path = 'FIToFICstmrCdtTrf.CdtTrfTxInf.InstdAmt.Amt.Ccy';
  const body = pacs008({ e2e: 'K' });
  assert.match(errorsOf('pacs.008.001.10', set(body, path, 'usd'))[0].reason, /ISO 4217: USD/);
  assert.deepEqual(fieldsOf('pacs.008.001.10', set(body, path, 'XYZ')), [path]);
  assert.deepEqual(fieldsOf('pacs.008.001.10', set(body, path, 'XAU')), [path], 'no minor unit: not a payment currency');
  assert.deepEqual(fieldsOf('pain.001.001.11', set(pain001({ e2e: 'K' }), 'CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf.Amt.EqvtAmt.CcyOfTrf', 'Dollar')),
    ['CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf.Amt.EqvtAmt.CcyOfTrf']);
});

test('amounts are positive with at most the currency minor digits, never more than 5', () => {
  const amt = 'FIToFICstmrCdtTrf.CdtTrfTxInf.InstdAmt.Amt.Amt';
  const ok = (amount: unknown, ccy: string): boolean =>
    validateMessage('pacs.008.001.10', set(pacs008({ e2e: 'A', ccy, amount: 1 }), amt, amount), NOW).ok;
  assert.equal(ok(0, 'USD'), false);
  assert.equal(ok(-5, 'USD'), false);
  assert.equal(ok('0.00', 'USD'), false);
  assert.equal(ok(10.123, 'USD'), false);
  assert.equal(ok('10.120', 'USD'), true, 'trailing zeros are not digits');
  assert.equal(ok(1.5, 'JPY'), false);
  assert.equal(ok(1500, 'JPY'), true);
  assert.equal(ok('1.123', 'KWD'), true);
  assert.equal(ok('1.1234', 'KWD'), false);
  assert.equal(ok('1.1234', 'CLF'), true);
  assert.equal(ok('1.123456', 'CLF'), false);
  assert.equal(ok('12.5abc', 'USD'), false);
  assert.equal(ok('1e3', 'USD'), false);
  assert.equal(ok(1234567890123456.7, 'USD'), false, 'more digits than a double carries');
  assert.equal(ok('1234567890123456.78', 'USD'), true, 'as a string it is exact');
  assert.equal(ok({}, 'USD'), false);
  const e = errorsOf('pacs.008.001.10', set(pacs008({ e2e: 'A' }), amt, 10.123));
  assert.deepEqual(e.map((x) => x.field), [amt]);
  assert.match(e[0].reason, /USD has 2/);
});

test('date-times and dates must be real calendar values', () => {
  const dt = 'FIToFICstmrCdtTrf.GrpHdr.CreDtTm';
  for (const bad of ['2026-02-30T10:00:00Z', '2026-13-01T10:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01T10:61:00Z', '2026-03-01', 'yesterday', '2026-03-01T10:00:00+25:00', '']) {
    assert.deepEqual(fieldsOf('pacs.008.001.10', set(pacs008({ e2e: 'D' }), dt, bad)), [dt], bad);
  }
  for (const good of ['2024-02-29T23:59:59.999Z', '2026-03-01T10:00:00', '2026-03-01T10:00:00+08:00']) {
    assert.ok(validateMessage('pacs.008.001.10', set(pacs008({ e2e: 'D' }), dt, good), NOW).ok, good);
  }
  const birth = 'FIToFICstmrCdtTrf.CdtTrfTxInf.Dbtr.Id.PrvtId.DtAndPlcOfBirth.BirthDt';
  assert.deepEqual(fieldsOf('pacs.008.001.10', set(pacs008({ e2e: 'D' }), birth, '2023-02-29')), [birth]);
  assert.deepEqual(fieldsOf('pacs.008.001.10', set(pacs008({ e2e: 'D' }), birth, '2099-01-01')), [birth], 'not born yet');
});

test('BIC and LEI formats are checked where present', () => {
  const fin = 'FIToFICstmrCdtTrf.CdtTrfTxInf.DbtrAgt.FinInstnId';
  const body = pacs008({ e2e: 'B' });
  assert.ok(validateMessage('pacs.008.001.10', set(body, `${fin}.BICFI`, 'DEUTDEFFXXX'), NOW).ok);
  assert.ok(validateMessage('pacs.008.001.10', set(body, `${fin}.BICFI`, 'DEUTDEFF'), NOW).ok);
  assert.deepEqual(fieldsOf('pacs.008.001.10', set(body, `${fin}.BICFI`, 'DEUT1EFF')), [`${fin}.BICFI`]);
  assert.deepEqual(fieldsOf('pacs.008.001.10', set(body, `${fin}.BICFI`, 'deutdeff')), [`${fin}.BICFI`]);
  // A real LEI (GLEIF's own) and the same with a wrong check digit.
  assert.ok(validateMessage('pacs.008.001.10', set(body, `${fin}.LEI`, '506700GE1G29325QX363'), NOW).ok);
  assert.match(errorsOf('pacs.008.001.10', set(body, `${fin}.LEI`, '506700GE1G29325QX364'))[0].reason, /check digits/);
  const org = 'FIToFICstmrCdtTrf.CdtTrfTxInf.Cdtr.Id.OrgId';
  assert.deepEqual(fieldsOf('pacs.008.001.10', set(body, org, { AnyBIC: 'NOTABIC', LEI: 'X' })), [`${org}.AnyBIC`, `${org}.LEI`]);
});

test('NbOfTxs must be an integer matching the one transaction', () => {
  const nb = 'CstmrCdtTrfInitn.GrpHdr.NbOfTxs';
  assert.match(errorsOf('pain.001.001.11', set(pain001({ e2e: 'N' }), nb, 2))[0].reason, /carries 1 transaction/);
  assert.match(errorsOf('pain.001.001.11', set(pain001({ e2e: 'N' }), nb, '1.5'))[0].reason, /integer/);
  assert.deepEqual(fieldsOf('pain.013.001.09', set(pain013({ e2e: 'N' }), 'CdtrPmtActvtnReq.GrpHdr.NbOfTxs', 'one')), ['CdtrPmtActvtnReq.GrpHdr.NbOfTxs']);
});

test('a body of another type, a TenantId, a wrong TxTp or a non-object is refused', () => {
  const wrong = errorsOf('pain.001.001.11', pacs008({ e2e: 'W' }));
  assert.equal(wrong.some((e) => e.field === 'CstmrCdtTrfInitn' && /pacs\.008\.001\.10 message/.test(e.reason)), true);
  assert.ok(wrong.some((e) => e.field === 'TxTp'));
  assert.deepEqual(fieldsOf('pacs.008.001.10', { ...pacs008({ e2e: 'T' }), TenantId: 'bank-a' }), ['TenantId']);
  assert.deepEqual(fieldsOf('pacs.008.001.10', { ...pacs008({ e2e: 'T' }), tenantId: 'bank-a' }), ['tenantId']);
  for (const body of [null, undefined, [], 'x', 42]) assert.deepEqual(fieldsOf('pacs.002.001.12', body), ['(body)']);
  assert.deepEqual(fieldsOf('pacs.002.001.12', {}), ['FIToFIPmtSts']);
});

test('codes are checked: status, charge bearer, settlement method, coordinates', () => {
  assert.deepEqual(fieldsOf('pacs.002.001.12', pacs002({ e2e: 'S', status: 'DONE' })), ['FIToFIPmtSts.TxInfAndSts.TxSts']);
  assert.deepEqual(fieldsOf('pacs.008.001.10', set(pacs008({ e2e: 'S' }), 'FIToFICstmrCdtTrf.CdtTrfTxInf.ChrgBr', 'ME')), ['FIToFICstmrCdtTrf.CdtTrfTxInf.ChrgBr']);
  const lat = 'FIToFICstmrCdtTrf.SplmtryData.Envlp.Doc.InitgPty.Glctn.Lat';
  assert.deepEqual(fieldsOf('pacs.008.001.10', set(pacs008({ e2e: 'S' }), lat, '91.5')), [lat]);
  assert.ok(validateMessage('pacs.008.001.10', set(pacs008({ e2e: 'S' }), lat, -33.9), NOW).ok, 'a number is coerced to a string');
  const othr = 'FIToFICstmrCdtTrf.CdtTrfTxInf.DbtrAcct.Id.Othr';
  assert.deepEqual(fieldsOf('pacs.008.001.10', set(pacs008({ e2e: 'S' }), othr, [])), [othr], 'Othr needs its first element');
  assert.deepEqual(fieldsOf('pacs.008.001.10', set(pacs008({ e2e: 'S' }), othr, { Id: 'x', SchmeNm: { Prtry: 'MSISDN' } })), [othr], 'Othr is always an array');
});

test('every error of a badly broken message is reported at once', () => {
  let body = pacs008({ e2e: 'X' });
  body = set(body, 'FIToFICstmrCdtTrf.GrpHdr.CreDtTm', 'nope');
  body = set(body, 'FIToFICstmrCdtTrf.CdtTrfTxInf.InstdAmt.Amt.Ccy', 'usd');
  body = set(body, 'FIToFICstmrCdtTrf.CdtTrfTxInf.Cdtr', undefined);
  assert.deepEqual(fieldsOf('pacs.008.001.10', body).sort(), [
    'FIToFICstmrCdtTrf.CdtTrfTxInf.Cdtr', 'FIToFICstmrCdtTrf.CdtTrfTxInf.InstdAmt.Amt.Ccy', 'FIToFICstmrCdtTrf.GrpHdr.CreDtTm',
  ]);
});

test('standard ISO 20022 (the XML profile) needs only ISO mandatory members: IBAN accounts, BIC agents', async () => {
  const { parseXmlMessage } = await import('../../src/ingest/iso20022/index.js');
  const { cbprPacs008 } = await import('./iso20022-fixtures.js');
  const x = parseXmlMessage(cbprPacs008('CB-1'));
  assert.ok(x.ok);
  assert.equal(x.type, 'pacs.008.001.10');
  assert.equal(validateMessage('pacs.008.001.10', x.message, NOW).ok, false, "Tazama's dialect requires much more");
  const r = validateMessage('pacs.008.001.10', x.message, NOW, 'iso');
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  const p = toPaymentMessage(r.message);
  assert.deepEqual(p.transfer, {
    debtor: '506700GE1G29325QX363', creditor: 'Exemple SARL', debtorAccount: 'DE89370400440532013000', creditorAccount: 'FR1420041010050500013M02606',
    amount: '15250', currency: 'EUR',
  });
  assert.equal(p.facts.crossBorder, true, 'agents in DE and FR');
  assert.equal(p.facts.creditorAgentCountry, 'FR');
  const tx = toTransaction(p);
  assert.ok('id' in tx);
  assert.equal(tx.channel, 'cross_border');
  assert.equal(tx.time, Date.UTC(2026, 2, 2, 8, 30));
  // Still strict where it matters.
  const badIban = parseXmlMessage(cbprPacs008('CB-2').replace('DE89370400440532013000', 'DE89370400440532013001'));
  assert.ok(badIban.ok);
  const e = validateMessage('pacs.008.001.10', badIban.message, NOW, 'iso');
  assert.equal(e.ok, false);
  assert.deepEqual(!e.ok && e.errors.map((x) => x.field), ['FIToFICstmrCdtTrf.CdtTrfTxInf.DbtrAcct.Id.IBAN']);
  const noAmount = parseXmlMessage(cbprPacs008('CB-3').replace(/<IntrBkSttlmAmt[^]*?<\/IntrBkSttlmAmt>/, ''));
  assert.ok(noAmount.ok);
  const m = validateMessage('pacs.008.001.10', noAmount.message, NOW, 'iso');
  assert.deepEqual(!m.ok && m.errors.map((x) => x.field), ['FIToFICstmrCdtTrf.CdtTrfTxInf.IntrBkSttlmAmt']);
  // Every message Tazama's dialect accepts is accepted by the ISO profile too, understood the same.
  for (const type of MESSAGE_TYPES) {
    const a = validateMessage(type, valid(type), NOW);
    const b = validateMessage(type, valid(type), NOW, 'iso');
    assert.ok(a.ok && b.ok);
    assert.deepEqual(a.message.data, b.message.data);
  }
});

test('a cross-currency pacs.008 as Tazama samples it (InstdAmt in ZAR, settled in USD) is cross-border', () => {
  let body = pacs008({ e2e: 'ZAR-1', amount: 9000, ccy: 'ZAR' });
  body = set(body, 'FIToFICstmrCdtTrf.CdtTrfTxInf.IntrBkSttlmAmt.Amt', { Amt: 31020.89, Ccy: 'USD' });
  body = set(body, 'FIToFICstmrCdtTrf.CdtTrfTxInf.XchgRate', '17.536082');
  body = set(body, 'FIToFICstmrCdtTrf.CdtTrfTxInf.xchgRate', 17.536082);
  const r = validateMessage('pacs.008.001.10', body, NOW);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  const p = toPaymentMessage(r.message);
  assert.equal(p.transfer!.currency, 'ZAR');
  assert.equal(p.transfer!.amount, '9000');
  assert.equal(p.facts.crossBorder, true);
  assert.equal(p.facts.exchangeRate, '17.536082');
  const tx = toTransaction(p);
  assert.ok('id' in tx);
  assert.equal(tx.channel, 'cross_border');
  assert.equal(tx.amount, 900000);
});
