import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportGoaml } from '../../src/cases/report/goaml.js';
import { validateGoaml } from '../../src/cases/report/goaml-schema.js';
import { analyseCase, describeCase, listedPath } from '../../src/cases/report/narrative.js';
import { reportTransactions } from '../../src/cases/report/input.js';
import { createEvidence } from '../../src/cases/evidence.js';
import { NOW, alert, reportFixture, txOf } from './helpers.js';

function xml(): string {
  const r = exportGoaml(reportFixture());
  assert.ok(r.ok, r.ok ? '' : r.missing.join('\n'));
  return r.content;
}

test('goAML validator: the export passes; each broken element is named by its path', () => {
  const doc = xml();
  assert.deepEqual(validateGoaml(doc), []);
  const cases: Array<[string, (s: string) => string, string]> = [
    ['required element missing', (s) => s.replace(/\s*<rentity_branch>[^<]*<\/rentity_branch>/, ''), 'report/rentity_branch is required'],
    ['out of order', (s) => s.replace(/(<submission_code>E<\/submission_code>)\s*(<report_code>STR<\/report_code>)/, '$2$1'), 'report/submission_code is required'],
    ['bad date', (s) => s.replace('<submission_date>2026-03-02T09:30:00</submission_date>', '<submission_date>2026-03-02</submission_date>'), 'report/submission_date must be YYYY-MM-DDTHH:MM:SS, got "2026-03-02"'],
    ['bad currency', (s) => s.replace('<currency_code_local>CNY</currency_code_local>', '<currency_code_local>RMB</currency_code_local>'), 'report/currency_code_local "RMB" is not in its code list'],
    ['bad amount', (s) => s.replace('<amount_local>1234.50</amount_local>', '<amount_local>1,234.50</amount_local>'), 'report/transaction[1]/amount_local must be a decimal number (at most 13 decimals), got "1,234.50"'],
    ['my client without birth date', (s) => s.replace(/\s*<birthdate>1990-01-01T00:00:00<\/birthdate>/, ''), 'report/transaction[1]/t_from_my_client/from_account/signatory[1]/t_person/birthdate is required'],
    ['too long', (s) => s.replace('<transactionnumber>T1</transactionnumber>', `<transactionnumber>${'x'.repeat(101)}</transactionnumber>`), 'report/transaction[1]/transactionnumber is 101 characters long, at most 100 allowed'],
    ['unexpected element', (s) => s.replace('<report_code>STR</report_code>', '<report_code>STR</report_code><bogus>1</bogus>'), 'report/bogus is not expected here'],
    ['no indicators', (s) => s.replace(/<report_indicators>[\s\S]*<\/report_indicators>/, '<report_indicators/>'), 'report/report_indicators/indicator is required'],
  ];
  for (const [what, mutate, expected] of cases) {
    const problems = validateGoaml(mutate(doc));
    assert.ok(problems.includes(expected), `${what}: expected "${expected}" in\n${problems.join('\n')}`);
  }
  assert.match(validateGoaml('<report><rentity_id>1</rentity_id>')[0], /^not well-formed XML/);
  assert.deepEqual(validateGoaml('<other/>'), ['the root element must be report, got other']);
});

test('goAML: a masked preview may leave out the date of birth, a filing may not', () => {
  const doc = xml().replace(/\s*<birthdate>1990-01-01T00:00:00<\/birthdate>/, '');
  assert.ok(validateGoaml(doc).length > 0);
  assert.deepEqual(validateGoaml(doc, { masked: true }), []);
});

test('narrative: plain words in Chinese and English from the evidence, with the money path from the listed party', () => {
  const base = reportFixture();
  // Money from listed L9 reached the subject A1 through M1: L9 → M1 → A1.
  const a3 = alert('T3', 'M1', 'A1', 2, { amount: 5_000_000, reasons: [{ rule: 'graph.listed_two_hops', typology: 'graph.listed_proximity', weight: 0.9, values: [['listed_hops', 2]] }] });
  const ev = createEvidence({
    case_id: base.case.id, subject: 'A1', trigger: 'alert', alert: a3, transactions: [txOf(a3)], captured_at: NOW,
    subgraph: {
      nodes: [{ id: 'L9', kind: 'account', listed: true }, { id: 'M1', kind: 'account' }, { id: 'A1', kind: 'account' }],
      edges: [{ from: 'L9', to: 'M1', count: 1, amount: 5_000_000, transactions: ['T0'] }, { from: 'M1', to: 'A1', count: 1, amount: 5_000_000, transactions: ['T3'] }],
    },
  });
  const input = { ...base, alerts: [...base.alerts, a3], evidence: [ev] };
  assert.deepEqual(listedPath(input), { path: ['L9', 'M1', 'A1'], directed: true });
  const txs = reportTransactions(input);
  const zh = describeCase(input, txs, 'zh')!;
  assert.match(zh, /^2026年1月15日至2026年1月17日期间，可疑主体账户A1（张三）共发生3笔预警交易。/);
  assert.match(zh, /资金转入合计50000\.00 CNY，来自1个账户；资金转出合计1001234\.49 CNY，流向2个账户。/);
  assert.match(zh, /资金路径：黑名单账户L9 → M1 → A1。/);
  const en = describeCase(input, txs, 'en')!;
  assert.match(en, /Money in: 50000\.00 CNY from 1 account\(s\)\. Money out: 1001234\.49 CNY to 2 account\(s\)\./);
  assert.match(en, /Money path from the listed party: L9 → M1 → A1\./);
  assert.match(en, /a direct or close link to a blacklisted account/);
  assert.match(analyseCase(input, txs, 'zh')!, /特征值：fan_in_24h=14, amount_sum_24h=250000\.5, blacklist_distance=2, listed_hops=2。最高预警分数0\.93/);
  assert.equal(describeCase({ ...input, alerts: [] }, [], 'zh'), undefined, 'no transactions, no narrative');
});
