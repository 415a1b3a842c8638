import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { TRANSFER_CSV_MAP, writeTransferCsv } from '../helpers/big-csv.js';
import { ringwatch as run, type CliResult } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ringwatch = (...args: string[]): CliResult => run(args, { timeout: 60_000 });

function readOut(path: string): string[][] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));
}

// An AMLSim-like layout: our fields under other names, an extra column we must never read.
const CSV = [
  'tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,secret_note',
  '1,A1,B1,TRANSFER,100.00,0,0,ignore-me',
  '2,CASH,A1,CASH-IN,30000,1,0,x',
  '3,CASH,A1,CASH-IN,25000.5,2,1,x',
  '4,A1,B2,TRANSFER,abc,3,0,x',
  '5,A1,B3,TRANSFER,10,,0,x',
  '6,B1,A1,TRANSFER,7.25,26,0,x',
].join('\n');

test('score: CSV with a column map, day offsets, a bad row rejected with line and field, output in input order', () => {
  const file = join(dir, 'tx.csv');
  const out = join(dir, 'out.csv');
  writeFileSync(file, CSV);
  const r = ringwatch(
    'score', file,
    '--map', 'id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type',
    '--time-format', 'hours', '--time-origin', '2026-03-01T00:00:00Z',
    '--out', out,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /line 5: amount: not a decimal number: "abc"/);
  assert.match(r.stderr, /line 6: time: is required/);
  assert.match(r.stderr, /rows=6 scored=4 rejected=2 /);
  const rows = readOut(out);
  assert.deepEqual(rows[0], ['id', 'score', 'decision', 'reasons']);
  assert.deepEqual(rows.slice(1).map((x) => x[0]), ['1', '2', '3', '6']);
  for (const row of rows.slice(1)) assert.ok(['ALLOW', 'REVIEW', 'BLOCK'].includes(row[2]), row.join(','));
  // The second cash deposit takes A1's cash day to 55,000.50: a large-value report, explained.
  const third = rows[3];
  assert.equal(third[2], 'REVIEW');
  assert.match(third.slice(3).join(','), /pboc\.lv\.cash\(.*to_day_cash=55000\.5/);
  assert.equal(rows[1][2], 'ALLOW');
  assert.ok(!readFileSync(out, 'utf8').includes('ignore-me'));
});

test('score: without --map the header names map themselves; id defaults to the row number', () => {
  const file = join(dir, 'plain.csv');
  const out = join(dir, 'plain-out.csv');
  writeFileSync(file, 'time,from,to,amount\n2026-03-01T00:00:00Z,A,B,1.00\n2026-03-01T01:00:00Z,B,C,2.00\n');
  const r = ringwatch('score', file, '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readOut(out).slice(1).map((x) => x[0]), ['1', '2']);
});

test('score: a map naming a missing column fails clearly before scoring anything', () => {
  const file = join(dir, 'tx2.csv');
  writeFileSync(file, CSV);
  const r = ringwatch('score', file, '--map', 'id=tran_id,time=when,from=orig_acct,to=bene_acct,amount=base_amt');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /when/);
});

test('score --db persists decisions; scoring the file again finds every id already decided', () => {
  const file = join(dir, 'tx3.csv');
  const db = join(dir, 'rw.db');
  writeFileSync(file, CSV);
  const args = ['score', file, '--map', 'id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type', '--time-format', 'hours', '--db', db, '--durability', 'normal'];
  const first = ringwatch(...args);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /duplicates=0 /);
  const second = ringwatch(...args);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, /scored=4 rejected=2 duplicates=4 /);
});

test('a rule file with a syntax error is refused with file, line and column', () => {
  const rules = join(dir, 'bad-rules.yaml');
  writeFileSync(rules, [
    'rules:',
    '  - id: my.rule',
    '    version: 1',
    '    description: { en: "A test rule", zh: 测试规则 }',
    '    severity: high',
    '    expression: amount >= ) 5',
  ].join('\n'));
  const file = join(dir, 'tx4.csv');
  writeFileSync(file, CSV);
  const r = ringwatch('score', file, '--rules', rules, '--map', 'id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt', '--time-format', 'hours');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /bad-rules\.yaml:6:\d+/);
});

test('lists: add, show, import (all-or-nothing) and remove through the CLI', () => {
  const db = join(dir, 'lists.db');
  const base = ['--db', db, '--durability', 'normal'];
  assert.equal(ringwatch('lists', 'add', 'account', 'A9', '--reason', 'mule', ...base).status, 0);
  const bad = join(dir, 'bad-list.csv');
  writeFileSync(bad, 'kind,value,reason\ndevice,D1,shared by a ring\nplanet,X,?\n');
  const refused = ringwatch('lists', 'import', bad, ...base);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /line 3: kind: must be one of/);
  const good = join(dir, 'good-list.csv');
  writeFileSync(good, 'kind,value,reason\ndevice,D1,shared by a ring\nphone,13800000000,\n');
  const imported = ringwatch('lists', 'import', good, '--source', 'fiu', ...base);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /imported 2 entries/);
  const shown = ringwatch('lists', 'show', ...base).stdout.trim().split('\n');
  assert.equal(shown[0], 'list,kind,value,reason,source,added_at');
  assert.deepEqual(shown.slice(1).map((l) => l.split(',').slice(0, 3).join(',')), ['blacklist,account,A9', 'blacklist,device,D1', 'blacklist,phone,13800000000']);
  assert.match(shown[2], /,fiu,/);
  assert.equal(ringwatch('lists', 'remove', 'account', 'A9', ...base).status, 0);
  assert.notEqual(ringwatch('lists', 'remove', 'account', 'A9', ...base).status, 0);
});

test('score says which currency it assumed when the column map names none, and the alert rate it reached', () => {
  const dir2 = mkdtempSync(join(tmpdir(), 'rw-score-cur-'));
  try {
    const file = join(dir2, 'tx.csv');
    writeFileSync(file, 'tid,ts,a,b,amt\nX1,2026-01-01T00:00:00Z,P,Q,10.00\nX2,2026-01-01T01:00:00Z,Q,R,9.50\n');
    const r = ringwatch('score', file, '--map', 'id=tid,time=ts,from=a,to=b,amount=amt');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /names no currency: amounts were read as CNY/);
    assert.match(r.stderr, /alerts_per_10k=0\.0 /);
    writeFileSync(file, 'tid,ts,a,b,amt,cur\nX1,2026-01-01T00:00:00Z,P,Q,10.00,USD\n');
    const named = ringwatch('score', file, '--map', 'id=tid,time=ts,from=a,to=b,amount=amt,currency=cur');
    assert.equal(named.status, 0, named.stderr);
    assert.doesNotMatch(named.stderr, /names no currency/);
  } finally {
    rmSync(dir2, { recursive: true, force: true });
  }
});

test('score reads a simulator\'s float amounts when the file names no currency (rounded, said once); a named currency keeps them exact', () => {
  const dir4 = mkdtempSync(join(tmpdir(), 'rw-score-round-'));
  try {
    const file = join(dir4, 'tx.csv');
    writeFileSync(file, 'tid,ts,a,b,amt,cur\nX1,2026-01-01T00:00:00Z,P,Q,32.3145,USD\nX2,2026-01-01T01:00:00Z,Q,R,1.5e-3,USD\nX3,2026-01-01T02:00:00Z,R,S,7.25,USD\n');
    const r = ringwatch('score', file, '--map', 'id=tid,time=ts,from=a,to=b,amount=amt', '--out', join(dir4, 'd.csv'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /rows=3 scored=3 rejected=0 /);
    assert.equal(r.stderr.match(/rounded to its minor unit/g)?.length, 1);
    assert.deepEqual(readOut(join(dir4, 'd.csv')).slice(1).map((c) => c[0]), ['X1', 'X2', 'X3']);
    const named = ringwatch('score', file, '--map', 'id=tid,time=ts,from=a,to=b,amount=amt,currency=cur');
    assert.equal(named.status, 0, named.stderr);
    assert.match(named.stderr, /rows=3 scored=1 rejected=2 /);
    assert.match(named.stderr, /rejected line 2: amount: has more than 2 decimal places/);
    assert.doesNotMatch(named.stderr, /rounded to its minor unit/);
    // Day steps given without --time-format: read as epoch milliseconds, and said.
    writeFileSync(file, 'tid,ts,a,b,amt\nX1,0,P,Q,10\nX2,1,Q,R,10\nX3,2,R,S,10\n');
    const steps = ringwatch('score', file, '--map', 'id=tid,time=ts,from=a,to=b,amount=amt');
    assert.equal(steps.status, 0, steps.stderr);
    assert.equal(steps.stderr.match(/fall before 1973: if they are epoch seconds or day or hour steps, pass --time-format/g)?.length, 1);
    const days = ringwatch('score', file, '--map', 'id=tid,time=ts,from=a,to=b,amount=amt', '--time-format', 'days');
    assert.doesNotMatch(days.stderr, /before 1973/);
  } finally {
    rmSync(dir4, { recursive: true, force: true });
  }
});

test('score exits non-zero when no row could be scored, with the first reasons', () => {
  const dir3 = mkdtempSync(join(tmpdir(), 'rw-score-none-'));
  try {
    const file = join(dir3, 'tx.csv');
    writeFileSync(file, 'tid,ts,a,b,amt\nX1,2026-01-01,P,Q,10.00\nX2,notadate,Q,R,9.50\n');
    const r = ringwatch('score', file, '--map', 'id=tid,time=ts,from=a,to=b,amount=amt', '--time-format', 'epoch-ms');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /rejected line 2: time:/);
    assert.match(r.stderr, /no transaction could be scored \(2 rejected/);
  } finally {
    rmSync(dir3, { recursive: true, force: true });
  }
});

test('score screens counterparty names against the name lists stored beside the store (loaded only when lists exist)', () => {
  const store = join(dir, 'screened', 'rw.db');
  writeFileSync(join(dir, 'names.csv'), 'list_id,name,kind,aliases,country,dob,source,id_no\nCN-1,张伟明,person,,CN,1980-05-01,test,\n');
  writeFileSync(join(dir, 'named.csv'), 'id,time,from,to,amount,to_name\nn1,2024-01-01T00:00:00Z,A,B,100.00,Zhang Weiming\nn2,2024-01-01T01:00:00Z,A,C,100.00,Peter Miller\n');
  // Without lists the same file scores both transfers alike.
  const before = ringwatch('score', join(dir, 'named.csv'), '--store', store, '--out', join(dir, 'named-0.csv'));
  assert.equal(before.status, 0, before.stderr);
  assert.deepEqual(readOut(join(dir, 'named-0.csv')).slice(1).map((r) => r[2]), ['ALLOW', 'ALLOW']);
  const imported = ringwatch('lists', 'import', join(dir, 'names.csv'), '--format', 'csv', '--list', 'sanctions', '--store', store);
  assert.equal(imported.status, 0, imported.stderr);
  writeFileSync(join(dir, 'named2.csv'), 'id,time,from,to,amount,to_name\nn3,2024-01-02T00:00:00Z,A,B,100.00,Zhang Weiming\nn4,2024-01-02T01:00:00Z,A,C,100.00,Peter Miller\n');
  const screened = ringwatch('score', join(dir, 'named2.csv'), '--store', store, '--out', join(dir, 'named-1.csv'));
  assert.equal(screened.status, 0, screened.stderr);
  const rows = readFileSync(join(dir, 'named-1.csv'), 'utf8').trim().split('\n').slice(1);
  assert.match(rows[0], /^n3,[0-9.]+,REVIEW,.*screening\.counterparty_match\(.*to_screen_entry=sanctions:CN-1/);
  assert.match(rows[1], /^n4,[0-9.]+,ALLOW,/);
});

test('score: a big file\'s search features on a second thread give the same decisions as one thread', () => {
  // 24,000 rows over 3,000 accounts and 60 days (above the size that starts the worker).
  const file = join(dir, 'big.csv');
  writeTransferCsv(file, { rows: 24_000, accounts: 3000, days: 60, seed: 12345 });
  const map = ['--map', TRANSFER_CSV_MAP];
  const one = join(dir, 'one.csv');
  const two = join(dir, 'two.csv');
  const on = { env: { ...process.env, RINGWATCH_SEARCH_THREAD: '' }, timeout: 120_000 };
  const single = run(['score', file, ...map, '--out', one], { env: { ...process.env, RINGWATCH_SEARCH_THREAD: '0' }, timeout: 120_000 });
  assert.equal(single.status, 0, single.stderr);
  assert.match(single.stderr, /search_thread=no/);
  const split = run(['score', file, ...map, '--out', two], on);
  assert.equal(split.status, 0, split.stderr);
  assert.match(split.stderr, /search_thread=yes/);
  const a = readFileSync(one, 'utf8');
  assert.equal(readFileSync(two, 'utf8'), a);
  assert.ok(a.split('\n').filter((l) => /,(REVIEW|BLOCK),/.test(l)).length > 0, 'some alerts, so the comparison covers reasons too');
  // Into an empty store: the same split and decisions; into a store with history: one thread.
  const db = join(dir, 'big.db');
  const stored = join(dir, 'stored.csv');
  const first = run(['score', file, ...map, '--store', db, '--out', stored], on);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /search_thread=yes/);
  assert.equal(readFileSync(stored, 'utf8'), a);
  const again = run(['score', file, ...map, '--store', db, '--out', stored], on);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /duplicates=24000 .*search_thread=no/);
});
