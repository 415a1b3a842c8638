import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { exportGoaml } from '../../src/cases/report/goaml.js';
import { checkGoaml } from '../../src/cases/report/required.js';
import { convertAmount, formatDateTime } from '../../src/cases/report/format.js';
import { INSTITUTION, PARTIES, reportFixture } from './helpers.js';
import { assertSchemaOrder, child, childNames, parseXml, textAt, type XNode } from './xml-check.js';

/** The goAML schema's sequences (optional elements included), for order checks. */
const REPORT_SEQ = [
  'rentity_id', 'rentity_branch', 'submission_code', 'report_code', 'entity_reference', 'fiu_ref_number', 'submission_date',
  'currency_code_local', 'reporting_person', 'location', 'reason', 'action', 'transaction', 'activity', 'report_indicators',
];
const TX_SEQ = [
  'transactionnumber', 'internal_ref_number', 'transaction_location', 'transaction_description', 'date_transaction', 'teller', 'authorized',
  'late_deposit', 'date_posting', 'value_date', 'transmode_code', 'transmode_comment', 'amount_local', 't_from_my_client', 't_from',
  't_to_my_client', 't_to', 'goods_services', 'comments',
];
const FROM_SEQ = ['from_funds_code', 'from_funds_comment', 'from_foreign_currency', 't_conductor', 'from_account', 'from_person', 'from_entity', 'from_country'];
const TO_SEQ = ['to_funds_code', 'to_funds_comment', 'to_foreign_currency', 'to_account', 'to_person', 'to_entity', 'to_country'];
const ACCOUNT_SEQ = [
  'institution_name', 'institution_code', 'swift', 'non_bank_institution', 'branch', 'account', 'currency_code', 'account_name', 'iban',
  'client_number', 'personal_account_type', 't_entity', 'signatory', 'opened', 'closed', 'balance', 'date_balance', 'status_code',
  'beneficiary', 'beneficiary_comment', 'comments',
];
const PERSON_SEQ = [
  'gender', 'title', 'first_name', 'middle_name', 'prefix', 'last_name', 'birthdate', 'birth_place', 'mothers_name', 'alias', 'ssn',
  'passport_number', 'passport_country', 'id_number', 'nationality1', 'nationality2', 'nationality3', 'residence', 'phones', 'addresses',
  'email', 'occupation',
];
const ENTITY_SEQ = ['name', 'commercial_name', 'incorporation_legal_form', 'incorporation_number', 'business', 'phones', 'addresses', 'email', 'url',
  'incorporation_state', 'incorporation_country_code'];
const ADDRESS_SEQ = ['address_type', 'address', 'town', 'city', 'zip', 'country_code', 'state', 'comments'];

function exported(input = reportFixture()): { xml: string; root: XNode } {
  const r = exportGoaml(input);
  assert.ok(r.ok, r.ok ? '' : r.missing.join('\n'));
  return { xml: r.content, root: parseXml(r.content) };
}

function checkSide(side: XNode, seq: string[], where: string): void {
  assertSchemaOrder(childNames(side), seq, where);
  const acct = side.children.find((c) => c.name.endsWith('_account'));
  assert.ok(acct, `${where} has an account`);
  assertSchemaOrder(childNames(acct), ACCOUNT_SEQ, `${where}/${acct.name}`);
  for (const n of ['institution_name', 'account', 'currency_code']) child(acct, n);
  assert.ok(acct.children.some((c) => c.name === 'institution_code' || c.name === 'swift'), 'institution_code or swift');
  const sig = acct.children.find((c) => c.name === 'signatory');
  if (sig) {
    assert.deepEqual(childNames(sig), ['is_primary', 't_person', 'role']);
    assertSchemaOrder(childNames(child(sig, 't_person')), PERSON_SEQ, `${where}/signatory/t_person`);
  }
  const ent = acct.children.find((c) => c.name === 't_entity');
  if (ent) assertSchemaOrder(childNames(ent), ENTITY_SEQ, `${where}/t_entity`);
}

test('the goAML STR is well-formed and has the required elements in schema order', () => {
  const { root } = exported();
  assert.equal(root.name, 'report');
  assertSchemaOrder(childNames(root), REPORT_SEQ, 'report');
  for (const required of ['rentity_id', 'submission_code', 'report_code', 'submission_date', 'currency_code_local', 'reporting_person', 'reason', 'transaction', 'report_indicators']) {
    child(root, required);
  }
  assert.deepEqual(childNames(root).slice(0, 8), [
    'rentity_id', 'rentity_branch', 'submission_code', 'report_code', 'entity_reference', 'submission_date', 'currency_code_local', 'reporting_person',
  ]);
  assert.equal(textAt(root, 'rentity_id'), '1234');
  assert.equal(textAt(root, 'submission_code'), 'E');
  assert.equal(textAt(root, 'report_code'), 'STR');
  assert.equal(textAt(root, 'entity_reference'), reportFixture().case.id);
  assert.equal(textAt(root, 'submission_date'), '2026-03-02T09:30:00', 'local time at UTC+8, no zone');
  assert.equal(textAt(root, 'currency_code_local'), 'CNY');
  assertSchemaOrder(childNames(child(root, 'reporting_person')), PERSON_SEQ, 'reporting_person');
  assert.equal(textAt(root, 'reporting_person', 'last_name'), 'Zhang');
  assertSchemaOrder(childNames(child(root, 'location')), ADDRESS_SEQ, 'location');
  assert.equal(textAt(root, 'action'), 'Account frozen pending review');
  // The narrative in plain words from the evidence: accounts, dates, pattern, amounts, the link to the listed account.
  assert.match(textAt(root, 'reason'), /^Between 2026-01-15 and 2026-01-16 the subject account\(s\) A1 \(张三\) had 2 alerted transaction\(s\)\./);
  assert.match(textAt(root, 'reason'), /Pattern: many accounts paying into one account in a short time \(fan-in\); a direct or close link to a blacklisted/);
  assert.match(textAt(root, 'reason'), /Money out: 1001234\.49 CNY to 2 account\(s\)\. Largest: 2026-01-16 A1 → C1 999999\.99 CNY \(T2\); 2026-01-15 A1 → B1 1234\.50 CNY \(T1\)\./);
  assert.match(textAt(root, 'reason'), /Link to the listed party \(transfers either way\): B1 — A1\.$/);
  assert.deepEqual(child(root, 'report_indicators').children.map((c) => c.text), ['STR-BL-02', 'STR-ML-01']);

  const txs = root.children.filter((c) => c.name === 'transaction');
  assert.deepEqual(txs.map((t) => textAt(t, 'transactionnumber')), ['T1', 'T2']);
  for (const tx of txs) {
    assertSchemaOrder(childNames(tx), TX_SEQ, `transaction ${textAt(tx, 'transactionnumber')}`);
    for (const required of ['transactionnumber', 'date_transaction', 'transmode_code', 'amount_local']) child(tx, required);
    checkSide(tx.children.find((c) => c.name.startsWith('t_from')) as XNode, FROM_SEQ, 't_from');
    checkSide(tx.children.find((c) => c.name.startsWith('t_to')) as XNode, TO_SEQ, 't_to');
  }
  const [t1, t2] = txs;
  assert.equal(textAt(t1, 'date_transaction'), '2026-01-15T17:00:00');
  assert.equal(textAt(t1, 'transmode_code'), 'K');
  assert.equal(textAt(t1, 'amount_local'), '1234.50');
  assert.equal(textAt(t2, 'amount_local'), '999999.99');
  // The subject is the institution's client; the counterparties are not.
  assert.deepEqual(childNames(t1).filter((n) => n.startsWith('t_')), ['t_from_my_client', 't_to']);
  const from = child(t1, 't_from_my_client');
  assert.equal(textAt(from, 'from_funds_code'), 'K');
  assert.equal(textAt(from, 'from_country'), 'CN');
  assert.equal(textAt(from, 'from_account', 'institution_name'), 'Ringwatch Demo Bank');
  assert.equal(textAt(from, 'from_account', 'institution_code'), 'C1234567890123');
  assert.equal(textAt(from, 'from_account', 'account'), '6222020000000001');
  assert.equal(textAt(from, 'from_account', 'signatory', 't_person', 'last_name'), '张');
  assert.equal(textAt(from, 'from_account', 'signatory', 't_person', 'birthdate'), '1990-01-01T00:00:00');
  assert.equal(textAt(from, 'from_account', 'signatory', 'role'), 'A');
  const to = child(t1, 't_to');
  assert.equal(textAt(to, 'to_account', 'institution_name'), 'Other Bank & Co <Shanghai>', 'escaped and read back');
  assert.equal(textAt(to, 'to_account', 'swift'), 'OTHBCNSH');
  assert.equal(textAt(t2, 't_to', 'to_account', 't_entity', 'name'), '某某贸易有限公司');
  assert.match(textAt(t1, 'comments'), /^Alert score 0\.8; fan_in_burst/);
});

test('the export is deterministic and hashed', () => {
  const a = exportGoaml(reportFixture());
  const b = exportGoaml(reportFixture());
  assert.ok(a.ok && b.ok);
  assert.equal(a.content, b.content);
  assert.equal(a.sha256, createHash('sha256').update(a.content).digest('hex'));
  assert.deepEqual(a.transactions, ['T1', 'T2']);
  assert.equal(a.media_type, 'application/xml');
});

test('a foreign-currency transaction is converted exactly, with the foreign amount kept', () => {
  const base = reportFixture();
  const evidence = base.evidence; // evidence captured CNY; report the alerts as USD with matching transactions
  const alerts = base.alerts.map((a) => ({ ...a, currency: 'USD', amount: 100_05 }));
  const input = { ...base, alerts, evidence: evidence.map((e) => ({ ...e, content: { ...e.content, transactions: e.content.transactions.map((t) => ({ ...t, currency: 'USD', amount: 100_05 })) } })) };
  const refused = exportGoaml(input);
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.missing.includes('transaction T1: amount_local is required (no exchange rate from USD to CNY)'));
  const { root } = exported({ ...input, exchange_rates: { USD: '7.1234' } });
  const t1 = root.children.find((c) => c.name === 'transaction') as XNode;
  assert.equal(textAt(t1, 'amount_local'), '712.70', '100.05 × 7.1234 = 712.69617, rounded half up');
  const fx = child(child(t1, 't_from_my_client'), 'from_foreign_currency');
  assert.deepEqual(fx.children.map((c) => [c.name, c.text]), [['foreign_currency_code', 'USD'], ['foreign_amount', '100.05'], ['foreign_exchange_rate', '7.1234']]);
  assert.equal(textAt(t1, 't_to', 'to_foreign_currency', 'foreign_amount'), '100.05');
});

test('every missing required field is named and blocks the export', () => {
  const input = reportFixture({
    institution: { ...INSTITUTION, rentity_id: undefined, reporting_person: { first_name: 'Wei' }, goaml: { ...INSTITUTION.goaml, signatory_role: undefined } },
    parties: { ...PARTIES, A1: { account: 'A1', account_number: ' ', person: { first_name: '三' } }, B1: { account: 'B1' } },
  });
  const r = exportGoaml(input);
  assert.equal(r.ok, false);
  const missing = r.ok ? [] : r.missing;
  for (const m of [
    'rentity_id is required',
    'reporting_person.last_name is required',
    'transaction T1: from_account.signatory.t_person.last_name is required',
    'transaction T1: from_account.signatory.role is required (set institution.goaml.signatory_role)',
    'transaction T1: to_account.institution_name is required',
    'transaction T1: to_account.institution_code is required (or to_account.swift)',
  ]) {
    assert.ok(missing.includes(m), `expected "${m}" in:\n${missing.join('\n')}`);
  }
  assert.ok(!missing.some((m) => m.includes('reporting_person.first_name')), 'present fields are not named');
  assert.ok(!('content' in r), 'nothing is exported');
  assert.deepEqual(checkGoaml(input), missing);
});

test('account number, country, channel and indicators are named when missing', () => {
  const base = reportFixture();
  const noTxEvidence = { ...base, evidence: [], parties: { ...PARTIES, A1: { ...PARTIES.A1, account_number: undefined } } };
  const m1 = checkGoaml(noTxEvidence);
  assert.ok(m1.includes("transaction T1: transmode_code is required (the transaction's channel is unknown: capture the transaction in the case evidence)"), m1.join('\n'));
  assert.ok(m1.includes("transaction T1: from_funds_code is required (the transaction's channel is unknown: capture the transaction in the case evidence)"));
  assert.ok(m1.includes('transaction T1: to_country is required'), 'a counterparty of an unknown channel has no assumed country');
  const m2 = checkGoaml({ ...base, institution: { ...INSTITUTION, goaml: { ...INSTITUTION.goaml, transmode: { cash_in: 'A' }, indicators: {} } } });
  assert.ok(m2.includes('transaction T1: transmode_code is required (no institution.goaml.transmode code for channel "transfer")'));
  assert.ok(m2.some((m) => m.startsWith('report_indicators.indicator is required')));
  const m3 = checkGoaml({ ...base, parties: { ...PARTIES, A1: { ...PARTIES.A1, account_number: undefined, party_type: 'legal' } } });
  assert.ok(m3.includes("transaction T1: from_account.signatory is required (the organisation's legal_representative)"), m3.join('\n'));
  assert.ok(!m3.some((m) => m.includes('from_account.account')), 'the engine account id is the number when none is given');
  const m4 = checkGoaml({ ...base, alerts: [] });
  assert.ok(m4.includes('transaction is required (the case has no alerted transactions to report)'));
  assert.ok(m4.includes('reason is required'));
  const m5 = checkGoaml({ ...base, institution: { ...INSTITUTION, rentity_id: 'ABC', currency_code_local: 'yuan', location: { city: 'Shanghai' } } });
  assert.ok(m5.includes('rentity_id must be a whole number, got "ABC"'));
  assert.ok(m5.includes('currency_code_local must be an ISO 4217 code, got "yuan"'));
  assert.ok(m5.includes('location.address is required'));
  const m6 = checkGoaml({ ...base, institution: { ...INSTITUTION, location: undefined }, reason: 'Structuring below the reporting threshold.' });
  assert.deepEqual(m6, ['location.address_type is required', 'location.address is required', 'location.city is required', 'location.country_code is required'], 'goAML 5.0 requires the location');
  assert.deepEqual(checkGoaml({ ...base, reason: 'Structuring below the reporting threshold.' }), []);
});

test('text XML cannot carry blocks the export with a named problem', () => {
  const r = exportGoaml(reportFixture({ action: 'frozen\u0000' }));
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.missing[0], /^report\/action: U\+0000 cannot be written in XML/);
});

test('amount and time formatting is exact', () => {
  assert.equal(convertAmount(100_05, 'USD', 'CNY', '7.1234'), '712.70');
  assert.equal(convertAmount(1, 'JPY', 'CNY', '0.05'), '0.05');
  assert.equal(convertAmount(1, 'JPY', 'CNY', '0.005'), '0.01', 'half up');
  assert.equal(convertAmount(123_456, 'CNY', 'JPY', '20.5'), '25308', '1234.56 × 20.5 = 25308.48 → 25308');
  assert.equal(convertAmount(Number.MAX_SAFE_INTEGER, 'CNY', 'CNY', '999999.999999'), '90071992547319838007.45', 'BigInt: no precision lost');
  assert.throws(() => convertAmount(1, 'USD', 'CNY', '0'), /not a positive decimal/);
  assert.equal(formatDateTime(Date.UTC(2026, 0, 31, 20, 0, 0), 480), '2026-02-01T04:00:00');
});
