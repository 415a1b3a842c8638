import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ringwatch as run, type CliResult } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-backtest-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ringwatch = (...args: string[]): CliResult => run(args, { timeout: 60_000 });
const MAP = 'id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type';

// Small transfers between distinct accounts (no built-in shape fires), two of exactly 7,777
// (rows 3 and 8), one of 9,500 (row 10) and one cash deposit of 60,000 (row 11) that the built-in
// PBOC large-value rule reports on both sides. Rows 3, 5 and 10 are labelled suspicious.
// Row 6 is out of time order in the file: the backtest replays by time.
const CSV = [
  'tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar',
  '1,A1,B1,TRANSFER,120.00,2026-03-01T00:00:00Z,0',
  '2,A2,B2,TRANSFER,300.00,2026-03-01T01:00:00Z,0',
  '3,A3,B3,TRANSFER,7777,2026-03-01T02:00:00Z,1',
  '4,A4,B4,TRANSFER,450.00,2026-03-01T03:00:00Z,0',
  '5,A5,B5,TRANSFER,820.00,2026-03-01T04:00:00Z,1',
  '7,A7,B7,TRANSFER,990.00,2026-03-01T06:00:00Z,0',
  '6,A6,B6,TRANSFER,60.00,2026-03-01T05:00:00Z,0',
  '8,A8,B8,TRANSFER,7777,2026-03-01T07:00:00Z,0',
  '9,A9,B9,TRANSFER,15.00,2026-03-01T08:00:00Z,0',
  '10,A10,B10,TRANSFER,9500,2026-03-01T09:00:00Z,1',
  '11,CASH,A11,CASH-IN,60000,2026-03-01T10:00:00Z,0',
].join('\n');

const rule = (id: string, expression: string): string =>
  ['rules:', `  - id: ${id}`, '    version: 1', `    description: { en: "${id}", zh: 测试规则 }`, '    severity: medium', '    weight: 0.5', `    expression: ${expression}`, ''].join('\n');

const file = join(dir, 'tx.csv');
const lucky = join(dir, 'lucky.yaml');
const big = join(dir, 'big.yaml');
writeFileSync(file, CSV);
writeFileSync(lucky, rule('test.lucky_amount', 'amount == 7777'));
writeFileSync(big, rule('test.big_amount', 'amount >= 9000 and not is_cash'));

/** The rule lines of the report, by rule id: [A, B, only A, only B, both]. */
function ruleLine(stdout: string, id: string): number[] | undefined {
  const line = stdout.split('\n').find((l) => l.trim().startsWith(id + ' '));
  const m = line && /A (\d+) \(.*?\)\s+B (\d+) \(.*?\)\s+only A (\d+)\s+only B (\d+)\s+both (\d+)/.exec(line);
  return m ? m.slice(1).map(Number) : undefined;
}

const last = (stdout: string): string => stdout.trim().split('\n').pop()!;

test('backtest --rules B: B adds a rule that fires on the two known rows; totals, per rule, labels and the differing decisions', () => {
  const out = join(dir, 'diff.csv');
  const r = ringwatch('backtest', file, '--map', MAP, '--rules', lucky, '--label', 'is_sar', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^A: built-in rules$/m);
  assert.match(r.stdout, /^B: built-in rules \+ .*lucky\.yaml$/m);
  // Both sides report the cash deposit (the built-ins are on both); only B alerts on 3 and 8.
  assert.deepEqual(ruleLine(r.stdout, 'test.lucky_amount'), [0, 2, 0, 2, 0]);
  assert.deepEqual(ruleLine(r.stdout, 'pboc.lv.cash'), [1, 1, 0, 0, 1]);
  assert.match(last(r.stdout), /^transactions=11 alerts_a=1 alerts_b=3 only_a=0 only_b=2 both=1 alerts_per_10k_a=909\.1 alerts_per_10k_b=2727\.3 differing=2 /);
  // Labels: A catches none of 3, 5, 10 (precision 0 of 1); B catches row 3 of its 3 alerts: P 1/3, R 1/3, F1 1/3.
  assert.match(last(r.stdout), /f1_a=0\.000 f1_b=0\.333$/);
  assert.match(r.stdout, /test\.lucky_amount .*A: P 0\.000 R 0\.000 F1 0\.000\s+B: P 0\.500 R 0\.333 F1 0\.400/);
  assert.match(r.stdout, /verdict changes: ALLOW→REVIEW 2/);
  const rows = readFileSync(out, 'utf8').trim().split('\n');
  assert.deepEqual(rows, [
    'id,decision_a,decision_b,score_a,score_b,reasons_a,reasons_b',
    '3,ALLOW,REVIEW,0,0.5,,test.lucky_amount(amount=7777)',
    '8,ALLOW,REVIEW,0,0.5,,test.lucky_amount(amount=7777)',
  ]);
});

test('backtest --rules A --rules B: two rule files compared with each other on top of the built-ins; --from limits what is compared', () => {
  const r = ringwatch('backtest', file, '--map', MAP, '--rules', big, '--rules', lucky);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^A: built-in rules \+ .*big\.yaml$/m);
  assert.deepEqual(ruleLine(r.stdout, 'test.big_amount'), [1, 0, 1, 0, 0]);
  assert.deepEqual(ruleLine(r.stdout, 'test.lucky_amount'), [0, 2, 0, 2, 0]);
  assert.match(last(r.stdout), /^transactions=11 alerts_a=2 alerts_b=3 only_a=1 only_b=2 both=1 .* differing=3$/);
  assert.match(r.stdout, /verdict changes: ALLOW→REVIEW 2, REVIEW→ALLOW 1/);
  // From 05:00 on: rows 3 (02:00) is history only; 8, 10 and 11 are compared.
  const late = ringwatch('backtest', file, '--map', MAP, '--a-rules', big, '--b-rules', lucky, '--from', '2026-03-01T05:00:00Z');
  assert.equal(late.status, 0, late.stderr);
  assert.match(last(late.stdout), /^transactions=6 alerts_a=2 alerts_b=2 only_a=1 only_b=1 both=1 /);
  const empty = ringwatch('backtest', file, '--map', MAP, '--rules', lucky, '--from', '2027-01-01');
  assert.equal(empty.status, 0, empty.stderr);
  assert.match(empty.stdout, /note: no transaction lies in --from\/--to; the file spans 2026-03-01T00:00:00\.000Z to 2026-03-01T10:00:00\.000Z/);
  // Without the built-ins, the cash deposit alerts on neither side.
  const bare = ringwatch('backtest', file, '--map', MAP, '--rules', big, '--rules', lucky, '--no-builtin-rules');
  assert.equal(bare.status, 0, bare.stderr);
  assert.match(bare.stdout, /^A: no built-in rules \+ /m);
  assert.match(last(bare.stdout), /^transactions=11 alerts_a=1 alerts_b=2 only_a=1 only_b=2 both=0 /);
  assert.equal(ruleLine(bare.stdout, 'pboc.lv.cash'), undefined);
});

test('backtest: bad flags and bad rule files are clear errors, and nothing is written', () => {
  const out = join(dir, 'never.csv');
  const same = ringwatch('backtest', file, '--map', MAP, '--out', out);
  assert.equal(same.status, 1);
  assert.match(same.stderr, /--rules: configurations A and B are the same/);
  const three = ringwatch('backtest', file, '--map', MAP, '--rules', big, '--rules', lucky, '--rules', big);
  assert.equal(three.status, 1);
  assert.match(three.stderr, /--rules: at most twice/);
  const mixed = ringwatch('backtest', file, '--map', MAP, '--rules', big, '--b-rules', lucky);
  assert.equal(mixed.status, 1);
  assert.match(mixed.stderr, /--rules: give either/);
  const broken = join(dir, 'broken.yaml');
  writeFileSync(broken, rule('test.broken', 'amount >= = 5'));
  const bad = ringwatch('backtest', file, '--map', MAP, '--rules', broken, '--out', out);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /broken\.yaml:\d+:\d+/);
  const when = ringwatch('backtest', file, '--map', MAP, '--rules', lucky, '--from', '2026-13-01');
  assert.equal(when.status, 1);
  assert.match(when.stderr, /--from: /);
  assert.equal(existsSync(out), false);
});

test('backtest --b-model: an anomaly model on B only adds alerts (never removes one) and shows as its own reason', () => {
  // 400 transfers among 40 payers and 40 payees over 20 days, amounts from a fixed sequence.
  const lines = ['tran_id,orig_acct,bene_acct,base_amt,tran_timestamp'];
  for (let i = 0; i < 400; i++) {
    const day = String(1 + Math.floor(i / 20)).padStart(2, '0');
    const hour = String(i % 20).padStart(2, '0');
    lines.push(`${i},A${(i * 7) % 40},B${(i * 13) % 40},${10 + ((i * 37) % 490)}.${i % 100},2026-03-${day}T${hour}:00:00Z`);
  }
  const gen = join(dir, 'gen.csv');
  const model = join(dir, 'anomaly.json');
  writeFileSync(gen, lines.join('\n'));
  const map = 'id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt';
  const trained = ringwatch('train', gen, '--map', map, '--unsupervised', '--until', '0.6', '--alert-rate', '100/10000', '--out', model);
  assert.equal(trained.status, 0, trained.stderr);
  const r = ringwatch('backtest', gen, '--map', map, '--b-model', model);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^B: built-in rules, model .*anomaly\.json$/m);
  const m = /alerts_a=(\d+) alerts_b=(\d+) only_a=(\d+) only_b=(\d+)/.exec(last(r.stdout))!;
  const [a, b, onlyA, onlyB] = m.slice(1).map(Number);
  assert.equal(onlyA, 0);
  assert.equal(b, a + onlyB);
  assert.ok(onlyB > 0, r.stdout);
  const anomaly = ruleLine(r.stdout, 'anomaly');
  assert.ok(anomaly && anomaly[0] === 0 && anomaly[1] >= onlyB, r.stdout);
});
