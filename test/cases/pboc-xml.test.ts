import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PartyDetails, ReportInput } from '../../src/cases/report/input.js';
import { exportBstr } from '../../src/cases/report/pboc-bstr.js';
import { parseFileName, planFile } from '../../src/cases/report/pboc-file.js';
import { exportHvtr, largeValueRows } from '../../src/cases/report/pboc-hvtr.js';
import { reportTransactions } from '../../src/cases/report/input.js';
import { validatePboc } from '../../src/cases/report/pboc-schema.js';
import { uncaptured, unreportable } from '../../src/cases/report/export.js';
import { reportFixture } from './helpers.js';
import { child, parseXml, textAt, type XNode } from './xml-check.js';

/** The element at a path of child names. */
function at(n: XNode, ...path: string[]): XNode {
  return path.reduce((node, name) => child(node, name), n);
}

function bstr(input: ReportInput = reportFixture(), file = {}): { xml: string; root: XNode; name: string } {
  const r = exportBstr(input, file);
  assert.ok(r.ok, r.ok ? '' : r.missing.join('\n'));
  return { xml: r.content, root: parseXml(r.content), name: r.file_name! };
}

/** The fixture with T2 flagged by the PBOC large-value rule for natural persons' domestic transfers (paid by A1). */
function largeValueFixture(): ReportInput {
  const f = reportFixture();
  return {
    ...f,
    alerts: f.alerts.map((a) => (a.transaction_id === 'T2'
      ? { ...a, reasons: [{ rule: 'pboc.lv.natural_domestic.from', typology: 'pboc.large_value', weight: 1, values: [['from_day_domestic', 999999.99]] as Array<[string, number]> }] }
      : a)),
  };
}

test('BSTR: report information, subject and transactions with the interface element codes (hand-checked)', () => {
  const { root, name } = bstr();
  assert.equal(name, 'NBSC1234567890123-20260302-00000001.XML', 'N + BS + institution code + local report date + 8-digit number');
  assert.equal(root.name, 'BSTR');
  assert.deepEqual(at(root, 'RBIF').children.map((c) => c.name), [
    'RICD', 'RPNC', 'DETR', 'TORP', 'ORXN', 'DORP', 'ODRP', 'TPTR', 'OTPR', 'STCB', 'AOSP', 'TOSCs', 'STCRs', 'SETN', 'STNM', 'RPNM', 'MIRS',
  ]);
  assert.equal(textAt(root, 'RBIF', 'RICD'), 'C1234567890123');
  assert.equal(textAt(root, 'RBIF', 'TORP'), '1');
  assert.equal(textAt(root, 'RBIF', 'ORXN'), '@N');
  assert.equal(textAt(root, 'RBIF', 'SETN'), '1');
  assert.equal(textAt(root, 'RBIF', 'STNM'), '2', 'one row per transaction and subject');
  assert.match(textAt(root, 'RBIF', 'STCB'), /^2026年1月15日至2026年1月16日期间，可疑主体账户A1（张三）共发生2笔预警交易。/);
  assert.match(textAt(root, 'RBIF', 'AOSP'), /^疑点：/);
  assert.deepEqual(at(root, 'RBIF', 'STCRs').children.map((c) => [c.attributes.seqno, c.text]), [['1', 'mule_collection'], ['2', 'near_blacklist']]);
  const seif = at(root, 'SEIFs', 'SEIF');
  assert.equal(seif.attributes.seqno, '1');
  assert.equal(textAt(seif, 'CSNM'), 'KH0001');
  assert.equal(textAt(seif, 'SEVC'), '2');
  assert.deepEqual(at(seif, 'SIIFs', 'SIIF').children.map((c) => [c.name, c.text]), [['SENM', '张三'], ['SETP', '110001'], ['OITP', '@N'], ['SEID', '110101199001011237']]);
  assert.equal(textAt(seif, 'STNTs', 'STNT'), 'CHN', 'GB/T 2659 3-letter code');
  assert.equal(textAt(seif, 'SCIF', 'SCTLs', 'SCTL'), '13800000001');
  assert.equal(textAt(seif, 'SRIF', 'SRNM'), '@N', 'a natural person has no legal representative');
  const stifs = at(root, 'STIFs').children;
  assert.deepEqual(stifs.map((s) => s.attributes.seqno), ['1', '2']);
  const [s1, s2] = stifs;
  assert.equal(textAt(s1, 'CIIF', 'CTID'), '110101199001011237');
  assert.equal(textAt(s1, 'ATIF', 'CATP'), '120001');
  assert.equal(textAt(s1, 'ATIF', 'CTAC'), '6222020000000001');
  assert.equal(textAt(s1, 'ATIF', 'OATM'), '20200506tttttt', 'opening date known, time unknown: t');
  assert.equal(textAt(s1, 'TSIF', 'TSTM'), '20260115170000', '09:00 UTC is 17:00 in Beijing');
  assert.equal(textAt(s1, 'TSIF', 'TICD'), 'T1');
  assert.equal(textAt(s1, 'TSIF', 'TSTP'), '000131', 'RMB, non-cash, 汇兑');
  assert.equal(textAt(s1, 'TSIF', 'TSDR'), '02', 'paid by the subject');
  assert.equal(textAt(s1, 'TSIF', 'CRTP'), 'CNY');
  assert.equal(textAt(s1, 'TSIF', 'CRAT'), '1234.50');
  assert.equal(textAt(s1, 'TCIF', 'CFIN'), 'Other Bank & Co <Shanghai>');
  assert.equal(textAt(s1, 'TCIF', 'CFIC'), 'OTHBCNSH');
  assert.equal(textAt(s1, 'TCIF', 'TCNM'), '李四');
  assert.equal(textAt(s2, 'TSIF', 'CRAT'), '999999.99');
  assert.equal(textAt(s2, 'TCIF', 'TCIT'), '610099');
  assert.equal(textAt(s2, 'TCIF', 'TCID'), '91310000MA1K000000');
  assert.deepEqual(at(s2, 'ROTFs').children.map((c) => c.text), ['@N', '@N']);
});

test('BSTR: the analyst\'s narrative and analysis replace the drafts', () => {
  const { root } = bstr(reportFixture({ reason: '客户多次分散转入后集中转出，与其职业不符。', analysis: '疑似过渡账户。' }));
  assert.equal(textAt(root, 'RBIF', 'STCB'), '客户多次分散转入后集中转出，与其职业不符。');
  assert.equal(textAt(root, 'RBIF', 'AOSP'), '疑似过渡账户。');
});

test('file types: normal, resend, correction (same name as the original but C), supplement (TORP and ORXN)', () => {
  const original = 'NBSC1234567890123-20260301-00000007.XML';
  assert.equal(bstr(reportFixture(), { type: 'resend', sequence: 8 }).name, 'NBSC1234567890123-20260302-00000008.XML');
  const corr = bstr(reportFixture(), { type: 'correction', original });
  assert.equal(corr.name, 'CBSC1234567890123-20260301-00000007.XML');
  const sup = bstr(reportFixture(), { type: 'supplement', original, sequence: 3 });
  assert.equal(sup.name, 'NBSC1234567890123-20260302-00000003.XML');
  assert.equal(textAt(sup.root, 'RBIF', 'TORP'), '2');
  assert.equal(textAt(sup.root, 'RBIF', 'ORXN'), 'NBSC1234567890123-20260301-00000007');
  const refused = exportBstr(reportFixture(), { type: 'correction' });
  assert.deepEqual(refused.ok ? [] : refused.missing, ['a correction needs original: the name of the N file it corrects']);
  assert.match(String(planFile('S', 'C1234567890123', '20260302', { type: 'supplement', original: 'NBSC9999999999999-20260301-00000001.XML' })), /not a suspicious report of institution C1234567890123/);
  assert.deepEqual(parseFileName('NBHC1234567890123-20260302-00000012.XML'), { kind: 'N', sector: 'B', report: 'H', institution: 'C1234567890123', date: '20260302', number: 12 });
  assert.match(String(parseFileName('NBSC123-20260302-1.XML')), /is not a PBOC report file name/);
});

test('HVTR: the case\'s large-value transactions, one CATI per customer and day, one HTCR per criterion (hand-checked)', () => {
  const input = largeValueFixture();
  const rows = largeValueRows(input, reportTransactions(input));
  assert.deepEqual(rows.map((r) => [r.tx.id, r.code, r.customer, r.side.direction]), [['T2', '0503', 'A1', '02']]);
  const r = exportHvtr(input);
  assert.ok(r.ok, r.ok ? '' : r.missing.join('\n'));
  assert.equal(r.file_name, 'NBHC1234567890123-20260302-00000001.XML');
  const root = parseXml(r.content);
  assert.equal(textAt(root, 'RBIF', 'CTTN'), '1');
  const cati = at(root, 'CATIs', 'CATI');
  assert.equal(textAt(cati, 'CBIF', 'CSNM'), 'KH0001');
  assert.equal(textAt(cati, 'HTDT'), '20260116');
  const htcr = at(cati, 'HTCRs', 'HTCR');
  assert.equal(textAt(htcr, 'CRCD'), '0503');
  assert.equal(textAt(htcr, 'TTNM'), '1');
  const ccif = at(htcr, 'CCIFs', 'CCIF');
  assert.equal(textAt(ccif, 'CTNM'), '张三');
  const tsdt = at(ccif, 'TSDTs', 'TSDT');
  assert.equal(textAt(tsdt, 'TSIF', 'TICD'), 'T2');
  assert.equal(textAt(tsdt, 'TSIF', 'CRAT'), '999999.99');
  assert.equal(textAt(tsdt, 'TSIF', 'CRMB'), '999999.99', 'CNY is its own RMB amount');
  assert.equal(textAt(tsdt, 'TSIF', 'CUSD'), '@N', 'no USD rate given');
  const withRate = exportHvtr({ ...input, exchange_rates: { USD: '7.1' } });
  assert.ok(withRate.ok);
  assert.equal(textAt(at(parseXml(withRate.content), 'CATIs', 'CATI', 'HTCRs', 'HTCR', 'CCIFs', 'CCIF', 'TSDTs', 'TSDT'), 'TSIF', 'CUSD'), '140845.07', '999999.99 / 7.1, half up');
  const none = exportHvtr(reportFixture());
  assert.equal(none.ok, false);
  assert.match(none.ok ? '' : none.missing[0], /^CATIs\/CATI is required: no transaction of this case met a large-value criterion/);
});

test('CHTR: a large-value correction carries the keys of the corrected transactions', () => {
  const r = exportHvtr(largeValueFixture(), { type: 'correction', sequence: 4 });
  assert.ok(r.ok, r.ok ? '' : r.missing.join('\n'));
  assert.equal(r.file_name, 'CBHC1234567890123-20260302-00000004.XML');
  const root = parseXml(r.content);
  assert.equal(root.name, 'CHTR');
  assert.equal(textAt(root, 'RBIF', 'TSTN'), '1');
  const t = at(root, 'TSDTs', 'TSDT');
  assert.deepEqual(t.children.slice(0, 4).map((c) => [c.name, c.text]), [['OCNM', 'KH0001'], ['OTDT', '20260116'], ['OTCD', '0503'], ['OTIC', 'T2']]);
  assert.equal(exportHvtr(largeValueFixture(), { type: 'supplement', original: 'NBHC1234567890123-20260301-00000001.XML' }).ok, false, 'large-value reports have no supplement');
});

test('a refused BSTR names the element: bad ID number, missing institution code', () => {
  const f = reportFixture();
  const parties = f.parties as Record<string, PartyDetails>;
  const bad = exportBstr({ ...f, parties: { ...parties, A1: { ...parties.A1, person: { ...parties.A1.person, id_number: '110101199001011234' } } } });
  assert.equal(bad.ok, false);
  assert.ok(!bad.ok && bad.missing.includes('BSTR/SEIFs/SEIF/SIIFs/SIIF/SEID has a wrong check digit (document type 110001)'), bad.ok ? '' : bad.missing.join('\n'));
  const noCode = exportBstr({ ...f, institution: { ...f.institution, institution_code: undefined } });
  assert.match(noCode.ok ? '' : noCode.missing[0], /^RICD \(报告机构编码, institution.institution_code\) must be the 14-character institution code/);
});

test('validator: the exported files pass, and each broken element is named', () => {
  const { xml, name } = bstr();
  assert.deepEqual(validatePboc(xml, { fileName: name }), []);
  const cases: Array<[string, (s: string) => string, RegExp]> = [
    ['missing element', (s) => s.replace(/<DETR>01<\/DETR>\s*/, ''), /^BSTR\/RBIF\/DETR is required$/],
    ['code not in its list', (s) => s.replace('<TSTP>000131</TSTP>', '<TSTP>999999</TSTP>'), /^BSTR\/STIFs\/STIF\[1\]\/TSIF\/TSTP "999999" is not in its code list$/],
    ['too long', (s) => s.replace('<RPNM>Zhang</RPNM>', `<RPNM>${'王'.repeat(17)}</RPNM>`), /^BSTR\/RBIF\/RPNM is 17 characters long, at most 16 allowed$/],
    ['bad time', (s) => s.replace('<TSTM>20260115170000</TSTM>', '<TSTM>20260230170000</TSTM>'), /^BSTR\/STIFs\/STIF\[1\]\/TSIF\/TSTM is not a valid date and time$/],
    ['bad amount', (s) => s.replace('<CRAT>1234.50</CRAT>', '<CRAT>1,234.50</CRAT>'), /^BSTR\/STIFs\/STIF\[1\]\/TSIF\/CRAT must be a decimal number/],
    ['@N where a value is required', (s) => s.replace('<TICD>T1</TICD>', '<TICD>@N</TICD>'), /^BSTR\/STIFs\/STIF\[1\]\/TSIF\/TICD needs a value here, not the substitute @N$/],
    ['wrong seqno', (s) => s.replace('<STIF seqno="2">', '<STIF seqno="3">'), /^BSTR\/STIFs\/STIF\[2\] must have seqno="2", got "3"$/],
    ['count mismatch', (s) => s.replace('<STNM>2</STNM>', '<STNM>3</STNM>'), /^BSTR\/RBIF\/STNM says 3 but the message holds 2 STIF$/],
    ['other type without its name', (s) => s.replace('<SETP>110001</SETP>', '<SETP>119999</SETP>'), /^BSTR\/SEIFs\/SEIF\/SIIFs\/SIIF\/OITP must name the document when SETP is 119999$/],
    ['ORXN with TORP 2', (s) => s.replace('<TORP>1</TORP>', '<TORP>2</TORP>'), /^BSTR\/RBIF\/ORXN must name the first report when TORP is 2$/],
    ['unexpected element', (s) => s.replace('<MIRS>@N</MIRS>', '<MIRS>@N</MIRS><XTRA>1</XTRA>'), /^BSTR\/RBIF\/XTRA is not expected here$/],
    ['not well-formed', (s) => s.replace('</BSTR>', ''), /^not well-formed XML/],
  ];
  for (const [what, mutate, expected] of cases) {
    const problems = validatePboc(mutate(xml));
    assert.ok(problems.some((p) => expected.test(p)), `${what}: expected ${expected} in\n${problems.join('\n')}`);
  }
  assert.match(validatePboc(xml, { fileName: 'NBHC1234567890123-20260302-00000001.XML' }).join('\n'), /does not fit a BSTR message/);
  assert.match(validatePboc(xml, { fileName: 'NBSC9999999999999-20260302-00000001.XML' }).join('\n'), /carries institution C9999999999999, RBIF\/RICD is C1234567890123/);
  const hv = exportHvtr(largeValueFixture());
  assert.ok(hv.ok);
  assert.deepEqual(validatePboc(hv.content), []);
  assert.match(validatePboc(hv.content.replace('<TTNM>1</TTNM>', '<TTNM>2</TTNM>')).join('\n'), /HVTR\/CATIs\/CATI\[1\]\/HTCRs\/HTCR\[1\]\/TTNM says 2 but the message holds 1 TSDT/);
  assert.match(validatePboc(hv.content.replace('<CRCD>0503</CRCD>', '<CRCD>0599</CRCD>')).join('\n'), /HVTR\/CATIs\/CATI\[1\]\/HTCRs\/HTCR\[1\]\/CRCD "0599" is not in its code list/);
});

test('transactions the evidence did not capture come from the log; a case merged into a ring case is not reportable', () => {
  const f = reportFixture();
  const onlyT1 = { ...f, evidence: f.evidence.filter((e) => e.transaction_id === 'T1') };
  assert.deepEqual(uncaptured(onlyT1), ['T2']);
  const refused = exportBstr(onlyT1);
  assert.deepEqual(refused.ok ? [] : refused.missing, ['transaction T2: TSTP (交易方式) is required, but its channel is unknown (neither the case evidence nor the transaction log holds the transaction)']);
  const t2 = f.evidence.find((e) => e.transaction_id === 'T2')!.content.transactions[0];
  const r = exportBstr({ ...onlyT1, transactions: [t2] });
  assert.ok(r.ok, r.ok ? '' : r.missing.join('\n'));
  assert.equal(textAt(at(parseXml(r.content), 'STIFs'), 'STIF', 'TCIF', 'TCNM'), '李四');
  const merged = { case: f.case, alerts: [], evidence: f.evidence, events: [{ kind: 'close', data: { ring: 'ring-1', merged_into: 'CASE-20260101-0000000001' } }] };
  assert.equal(unreportable(merged), 'the case was merged into ring case CASE-20260101-0000000001, which holds its alerts: export that case');
  assert.equal(unreportable({ ...merged, events: [] }), 'the case holds no alerts to report');
  assert.equal(unreportable(f), undefined);
});
