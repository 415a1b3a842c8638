import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseColumnMap } from '../../src/ingest/column-map.js';
import { formatRejection } from '../../src/ingest/records.js';
import { decodeTransactions, makeRecordValidator, readTransactions } from '../../src/ingest/transactions.js';
import { makeTimeConverter } from '../../src/ingest/time.js';
import { allTransactions, tempFile } from './helpers.js';

const AMLSIM_MAP = parseColumnMap('id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type');

test('AMLSim steps as days after an origin become transactions', async () => {
  const csv =
    'tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id\n' +
    '1,A1,B1,TRANSFER,100.50,0,False,-1\n' +
    '2,A2,B2,CASH-IN,20,3,True,7\n';
  const { accepted, rejected } = await allTransactions(
    readTransactions(tempFile('t.csv', csv), { map: AMLSIM_MAP, timeFormat: 'days', timeOrigin: '2024-01-01' }),
  );
  assert.deepEqual(rejected, []);
  assert.deepEqual(accepted, [
    {
      line: 2,
      row: 1,
      tx: { id: '1', time: Date.UTC(2024, 0, 1), from: 'A1', to: 'B1', amount: 10050, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' },
    },
    {
      line: 3,
      row: 2,
      tx: { id: '2', time: Date.UTC(2024, 0, 4), from: 'A2', to: 'B2', amount: 2000, currency: 'CNY', channel: 'cash_in', from_type: 'natural', to_type: 'natural' },
    },
  ]);
});

test('every time format end to end', async () => {
  const cases: Array<[string, Parameters<typeof readTransactions>[1], number]> = [
    ['2024-03-01T10:00:00Z', { timeFormat: 'iso' }, Date.UTC(2024, 2, 1, 10)],
    ['2024-03-01 10:00:00', { timeFormat: 'iso' }, Date.UTC(2024, 2, 1, 10)],
    ['2024/03/01 10:00', { timeFormat: 'iso' }, Date.UTC(2024, 2, 1, 10)],
    ['1709287200', { timeFormat: 'epoch-s' }, Date.UTC(2024, 2, 1, 10)],
    ['1709287200000', { timeFormat: 'epoch-ms' }, Date.UTC(2024, 2, 1, 10)],
    ['2.5', { timeFormat: 'days', timeOrigin: '2024-02-28' }, Date.UTC(2024, 2, 1, 12)],
    ['58', { timeFormat: 'hours', timeOrigin: '2024-02-28T00:00:00Z' }, Date.UTC(2024, 2, 1, 10)],
    ['472810', { timeFormat: 'hours' }, Date.UTC(2023, 11, 9, 10)],
    ['2024-03-01T10:00:00Z', {}, Date.UTC(2024, 2, 1, 10)],
    ['1709287200000', {}, Date.UTC(2024, 2, 1, 10)],
  ];
  for (const [value, options, expected] of cases) {
    const csv = `id,time,from,to,amount\nt,${value},A,B,1\n`;
    const { accepted, rejected } = await allTransactions(decodeTransactions([csv], 'csv', options));
    assert.deepEqual(rejected, [], `${value} ${JSON.stringify(options)}`);
    assert.equal(accepted[0].tx.time, expected, `${value} ${JSON.stringify(options)}`);
  }
});

test('a bad row is rejected with its line and field; the other rows go on', async () => {
  const csv = [
    'id,time,from,to,amount',
    't1,2024-01-01T00:00:00Z,A,B,10',
    't2,2024-01-01T00:00:00Z,A,B,abc',
    '"t3","2024-01-02',
    'T00:00:00Z",A,B,1', // a quoted field spans lines: the record starts on line 4
    't4,someday,,B,-5',
    't5,2024-01-03T00:00:00Z,A,B,1.5',
  ].join('\n');
  const { accepted, rejected } = await allTransactions(decodeTransactions([csv], 'csv', { timeFormat: 'iso' }));
  assert.deepEqual(
    accepted.map((a) => [a.line, a.tx.id, a.tx.amount]),
    [
      [2, 't1', 1000],
      [7, 't5', 150],
    ],
  );
  assert.deepEqual(rejected, [
    { line: 3, errors: [{ field: 'amount', reason: 'not a decimal number: "abc"' }] },
    { line: 4, errors: [{ field: 'time', reason: 'is not an ISO-8601 date-time: "2024-01-02\\nT00:00:00Z"' }] },
    {
      line: 6,
      errors: [
        { field: 'time', reason: 'is not an ISO-8601 date-time: "someday"' },
        { field: 'from', reason: 'is required' },
        { field: 'amount', reason: 'must not be negative' },
      ],
    },
  ]);
  assert.equal(formatRejection(rejected[0]), 'line 3: amount: not a decimal number: "abc"');
  assert.equal(
    formatRejection(rejected[2]),
    'line 6: time: is not an ISO-8601 date-time: "someday"; from: is required; amount: must not be negative',
  );
});

test('decoder rejections and validation rejections come out in line order', async () => {
  const csv = 'id,time,from,to,amount\nt1,0,A,B,x\nt2,0\nt3,0,A,B,y\n';
  const { rejected } = await allTransactions(decodeTransactions([csv], 'csv', { timeFormat: 'epoch-ms' }));
  assert.deepEqual(
    rejected.map((r) => formatRejection(r)),
    [
      'line 2: amount: not a decimal number: "x"',
      'line 3: (record): has 2 fields; the header has 5',
      'line 4: amount: not a decimal number: "y"',
    ],
  );
});

test('a time out of range is reported by validation, with the field', async () => {
  const csv = 'id,time,from,to,amount\nt1,5,A,B,1\n';
  const { rejected } = await allTransactions(decodeTransactions([csv], 'csv', { timeFormat: 'days', timeOrigin: '2199-12-31' }));
  assert.deepEqual(rejected, [{ line: 2, errors: [{ field: 'time', reason: 'is outside 1900-01-01..2200-01-01' }] }]);
});

test('NDJSON end to end with a map and epoch seconds', async () => {
  const nd =
    '{"ref":"n1","ts":1709287200,"src":{"acct":"A"},"dst":"B","amt":"12.34","ccy":"usd","secret":"never read"}\n' +
    '\n' +
    '{"ref":"n2","ts":"x","src":{"acct":"A"},"dst":"B","amt":12.34}\n';
  const map = parseColumnMap('id=ref,time=ts,from=src.acct,to=dst,amount=amt,currency=ccy');
  const { accepted, rejected } = await allTransactions(
    readTransactions(tempFile('t.jsonl', nd), { map, timeFormat: 'epoch-s' }),
  );
  assert.deepEqual(accepted, [
    {
      line: 1,
      row: 1,
      tx: { id: 'n1', time: Date.UTC(2024, 2, 1, 10), from: 'A', to: 'B', amount: 1234, currency: 'USD', channel: 'transfer', from_type: 'natural', to_type: 'natural' },
    },
  ]);
  assert.deepEqual(rejected.map(formatRejection), [
    'line 3: time: is not a number of epoch seconds: "x"; amount: a JSON number must be an integer count of minor units; send decimals as a string',
  ]);
});

test('makeRecordValidator keeps a good time and reports a missing one as required', () => {
  const v = makeRecordValidator(makeTimeConverter('epoch-s'));
  const ok = v({ id: 'a', time: '1709287200', from: 'A', to: 'B', amount: '1' });
  assert.ok(ok.ok && ok.tx.time === Date.UTC(2024, 2, 1, 10));
  const missing = v({ id: 'a', time: ' ', from: 'A', to: 'B', amount: '1' });
  assert.deepEqual(missing, { ok: false, errors: [{ field: 'time', reason: 'is required' }] });
});

test('currency names become ISO codes ("US Dollar" → USD), so rates and exponents apply', async () => {
  const { validateTransaction } = await import('../../src/domain/transaction.js');
  const v = validateTransaction({ id: '1', time: '2022-09-01T00:20:00Z', from: 'a', to: 'b', amount: '12.5', currency: 'US Dollar' });
  assert.ok(v.ok);
  if (v.ok) assert.equal(v.tx.currency, 'USD');
});

test('the reader notes small numbers read as epoch milliseconds (likely seconds or steps) and rounded amounts, only where they occur', async () => {
  const notesOf = async (csv: string, options: Parameters<typeof readTransactions>[1] = {}): Promise<string[]> => {
    const notes: string[] = [];
    await allTransactions(readTransactions(tempFile('n.csv', csv), { ...options, onNote: (n) => notes.push(n) }));
    return [...new Set(notes)];
  };
  const head = 'id,time,from,to,amount\n';
  assert.deepEqual(await notesOf(head + 'T1,0,A,B,10\nT2,539,B,C,10\n'), ['small-epoch-ms']);
  assert.deepEqual(await notesOf(head + 'T1,1735689600,A,B,10\n'), ['small-epoch-ms']); // epoch seconds read as ms: 1970-01-21
  assert.deepEqual(await notesOf(head + 'T1,1735689600000,A,B,10\n'), []);
  assert.deepEqual(await notesOf(head + 'T1,1970-01-02T00:00:00Z,A,B,10\n'), []); // a date written as a date is taken at its word
  assert.deepEqual(await notesOf(head + 'T1,0,A,B,10\n', { timeFormat: 'days', timeOrigin: '2024-01-01' }), []);
  assert.deepEqual(await notesOf(head + 'T1,1735689600,A,B,10\n', { timeFormat: 'epoch-s' }), []);
  const rounding = { defaults: { currency: 'CNY', channel: 'transfer', party_type: 'natural' as const, roundUnnamedAmounts: true } };
  assert.deepEqual(await notesOf(head + 'T1,1735689600000,A,B,10.125\n', rounding), ['amounts-rounded']);
  assert.deepEqual(await notesOf(head + 'T1,1735689600000,A,B,10.12\n', rounding), []);
});
