import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openCase, withAlert } from '../../src/cases/case.js';
import { createEvidence } from '../../src/cases/evidence.js';
import { PBOC_LABELS } from '../../src/cases/report/pboc-fields.js';
import { buildPbocRecord, exportPbocCsv, exportPbocJson, pbocCsv, type PbocRecord } from '../../src/cases/report/pboc.js';
import { checkPboc } from '../../src/cases/report/required.js';
import { INSTITUTION, NOW, PARTIES, alert, parseCsv, reportFixture, txOf } from './helpers.js';

function record(input = reportFixture()): PbocRecord {
  const r = buildPbocRecord(input);
  assert.ok(r.ok, r.ok ? '' : r.missing.join('\n'));
  return r.record;
}

test('the PBOC record carries the STR elements under stable English keys with Chinese labels', () => {
  const r = record();
  assert.equal(r.format, 'ringwatch.pboc-str');
  assert.equal(r.institution_name, 'Ringwatch Demo Bank');
  assert.equal(r.institution_code, 'C1234567890123');
  assert.equal(r.region_code, '310000');
  assert.equal(r.case_id, reportFixture().case.id);
  assert.equal(r.report_date, '20260302');
  assert.match(r.description, /^2026年1月15日至2026年1月16日期间，可疑主体账户A1（张三）共发生2笔预警交易。/);
  assert.deepEqual(r.feature_codes, ['STR-BL-02', 'STR-ML-01']);
  assert.equal(r.measures, 'Account frozen pending review');
  assert.deepEqual(r.subjects, [{
    account: 'A1', party_type: 'natural', name: '张三', id_type: '110001', id_number: '110101199001011237', phone: '13800000001', address: '上海市浦东新区示范路1号', occupation: 'Engineer',
  }]);
  assert.equal(r.transactions.length, 2);
  const [t1, t2] = r.transactions;
  assert.deepEqual(t1, {
    transaction_id: 'T1', subject_account: 'A1', time: '20260115170000', method: '转账', direction: '02', amount: '1234.50', currency: 'CNY',
    counterparty: { name: '李四', account: '6217000000000002', institution: 'Other Bank & Co <Shanghai>' },
  });
  assert.deepEqual(t2.counterparty, { name: '某某贸易有限公司', id_type: '610099', id_number: '91310000MA1K000000', account: 'C1', institution: 'Third Bank' });
  assert.equal(t2.amount, '999999.99');
  // Labels: every key path used has its Chinese label.
  assert.equal(r.labels.institution_name, '报告机构名称');
  assert.equal(r.labels.institution_code, '报告机构编码');
  assert.equal(r.labels.description, '可疑交易特征描述');
  assert.equal(r.labels['transactions.time'], '交易时间');
  assert.equal(r.labels['transactions.method'], '交易方式');
  assert.equal(r.labels['transactions.direction'], '资金收付标志');
  assert.equal(r.labels['transactions.amount'], '交易金额');
  assert.equal(r.labels['transactions.currency'], '币种');
  assert.equal(r.labels['transactions.counterparty.name'], '交易对手姓名/名称');
  for (const key of Object.keys(r).filter((k) => !['format', 'version', 'labels'].includes(k))) assert.ok(key in PBOC_LABELS, key);
  for (const key of Object.keys(t2)) assert.ok(`transactions.${key}` in PBOC_LABELS, key);
  for (const key of Object.keys(t2.counterparty)) assert.ok(`transactions.counterparty.${key}` in PBOC_LABELS, key);
});

test('direction is from the subject\'s side: a transfer between two subjects gives a 付 row and a 收 row', () => {
  const a1 = alert('T1', 'A1', 'C1', 0);
  const a2 = alert('T2', 'C1', 'A1', 1, { currency: 'USD', amount: 5000 });
  let c = openCase(a1, 'A1', 'R1', NOW);
  c = withAlert(c, a2, 'C1', NOW);
  const evidence = [a1, a2].map((a) => createEvidence({ case_id: c.id, subject: a.from, trigger: 'alert', alert: a, transactions: [txOf(a, { channel: 'mobile' })], captured_at: NOW }));
  const r = record(reportFixture({ case: c, alerts: [a1, a2], evidence, institution: { ...INSTITUTION, pboc_methods: { mobile: '000052' } } }));
  assert.deepEqual(r.subjects.map((s) => [s.account, s.party_type, s.name]), [['A1', 'natural', '张三'], ['C1', 'legal', '某某贸易有限公司']]);
  assert.deepEqual(r.transactions.map((t) => [t.transaction_id, t.subject_account, t.direction, t.method, t.amount, t.currency]), [
    ['T1', 'A1', '02', '000052', '1234.50', 'CNY'],
    ['T1', 'C1', '01', '000052', '1234.50', 'CNY'],
    ['T2', 'C1', '02', '000052', '50.00', 'USD'],
    ['T2', 'A1', '01', '000052', '50.00', 'USD'],
  ]);
  assert.equal(r.transactions[1].counterparty.name, '张三');
  assert.equal(r.transactions[1].counterparty.account, '6222020000000001');
});

test('missing fields are named with their Chinese labels and block the export', () => {
  const input = reportFixture({
    institution: { ...INSTITUTION, institution_code: '' },
    parties: { ...PARTIES, A1: { account: 'A1', person: { name: '张三', id_type: '110001' } }, B1: { account: 'B1' } },
  });
  const missing = checkPboc(input);
  assert.deepEqual(missing, [
    'institution_code (报告机构编码) is required',
    'subject A1: id_number (可疑主体身份证件/证明文件号码) is required',
    'transaction T1: counterparty.name (交易对手姓名/名称) is required (account B1)',
  ]);
  const r = exportPbocJson(input);
  assert.equal(r.ok, false);
  assert.deepEqual(r.ok ? [] : r.missing, missing);
  assert.equal(exportPbocCsv(input).ok, false);
  const unknownChannel = checkPboc({ ...reportFixture(), evidence: [] });
  assert.ok(unknownChannel.includes("transaction T1: method (交易方式) is required (the transaction's channel is unknown: capture the transaction in the case evidence)"));
  const unmapped = reportFixture();
  const odd = checkPboc({
    ...unmapped,
    evidence: unmapped.evidence.map((e) => ({ ...e, content: { ...e.content, transactions: e.content.transactions.map((t) => ({ ...t, channel: 'atm_abroad' })) } })),
  });
  assert.ok(odd.includes('transaction T1: method (交易方式) is required (no institution.pboc_methods entry for channel "atm_abroad")'), odd.join('\n'));
  assert.ok(checkPboc({ ...reportFixture(), alerts: [] }).includes('transactions (可疑交易) is required (the case has no alerted transactions to report)'));
});

test('the JSON export is the record, hashed', () => {
  const r = exportPbocJson(reportFixture());
  assert.ok(r.ok);
  assert.deepEqual(JSON.parse(r.content), record());
  assert.equal(r.format, 'pboc');
  assert.deepEqual(r.transactions, ['T1', 'T2']);
  assert.match(r.sha256, /^[0-9a-f]{64}$/);
});

test('CSV: Chinese header, one row per transaction and subject, RFC 4180 quoting, formula guard, optional BOM', () => {
  const rec = record(reportFixture({ reason: 'Fan-in, then "rapid" out; see notes', parties: { ...PARTIES, B1: { ...PARTIES.B1, person: { name: '=HYPERLINK("x")' } } } }));
  const csv = pbocCsv(rec);
  assert.ok(csv.endsWith('\r\n'));
  const rows = parseCsv(csv);
  assert.equal(rows.length, 3);
  assert.equal(rows[0][0], '报告机构名称');
  assert.ok(rows[0].includes('交易时间') && rows[0].includes('资金收付标志') && rows[0].includes('交易对手姓名/名称'));
  assert.ok(rows.every((r) => r.length === rows[0].length));
  const col = (label: string): number => rows[0].indexOf(label);
  assert.equal(rows[1][col('业务标识号')], 'T1');
  assert.equal(rows[1][col('交易金额')], '1234.50');
  assert.equal(rows[1][col('交易对手所在金融机构名称')], 'Other Bank & Co <Shanghai>');
  assert.equal(rows[1][col('可疑交易特征描述')], 'Fan-in, then "rapid" out; see notes');
  assert.equal(rows[1][col('交易对手姓名/名称')], `'=HYPERLINK("x")`, 'a formula is defused');
  assert.equal(pbocCsv(rec, { guardFormulas: false }).includes('"=HYPERLINK(""x"")"'), true);
  assert.equal(parseCsv(pbocCsv(rec, { header: 'en' }))[0][0], 'institution_name');
  assert.equal(parseCsv(pbocCsv(rec, { header: 'both' }))[0][0], '报告机构名称 (institution_name)');
  assert.ok(pbocCsv(rec, { bom: true }).startsWith('\uFEFF'));
  const exported = exportPbocCsv(reportFixture(), { bom: true });
  assert.ok(exported.ok && exported.media_type.startsWith('text/csv'));
});
