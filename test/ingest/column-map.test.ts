import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindColumns, formatColumnMap, identityMap, parseColumnMap } from '../../src/ingest/column-map.js';
import { IngestError } from '../../src/ingest/errors.js';

test('parseColumnMap reads an AMLSim-style map', () => {
  const map = parseColumnMap('id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type');
  assert.deepEqual(map, {
    id: 'tran_id',
    time: 'tran_timestamp',
    from: 'orig_acct',
    to: 'bene_acct',
    amount: 'base_amt',
    channel: 'tx_type',
  });
  assert.equal(formatColumnMap(map), 'id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type');
});

test('parseColumnMap trims whitespace and allows "=" in the column name', () => {
  assert.deepEqual(parseColumnMap(' from = payer , to=a=b '), { from: 'payer', to: 'a=b' });
});

test('parseColumnMap errors name the bad key or entry', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /--map: is empty/],
    ['amount=amt,,to=b', /entry 2 "": is empty/],
    ['amount', /entry 1 "amount": expected field=column/],
    ['sender=orig', /"sender" is not a transaction field; fields are id, time, from, to, amount/],
    ['=orig', /entry 1 "=orig": the field name before "=" is empty/],
    ['from=', /entry 1 "from=": the column name after "=" is empty/],
    ['from=a,to=b,from=c', /entry 3 "from=c": field from is mapped twice/],
  ];
  for (const [spec, message] of cases) {
    assert.throws(() => parseColumnMap(spec), (e: unknown) => e instanceof IngestError && message.test(e.message), spec);
  }
});

test('identityMap maps header columns named like fields to themselves only', () => {
  assert.deepEqual(identityMap(['id', 'from', 'to', 'amount', 'note', 'time']), {
    id: 'id',
    from: 'from',
    to: 'to',
    amount: 'amount',
    time: 'time',
  });
});

test('bindColumns finds columns exactly, then case-insensitively', () => {
  const b = bindColumns({ from: 'Orig', amount: 'amt' }, ['x', 'orig', 'amt']);
  assert.deepEqual(b, [
    { field: 'from', index: 1 },
    { field: 'amount', index: 2 },
  ]);
});

test('bindColumns: a missing column is named, with the header listed', () => {
  assert.throws(
    () => bindColumns({ amount: 'base_amt' }, ['tran_id', 'orig_acct', 'amt']),
    (e: unknown) =>
      e instanceof IngestError &&
      e.message === 'line 1: column "base_amt" (mapped to amount) is not in the header; the header\'s columns are "tran_id", "orig_acct", "amt"',
  );
});

test('bindColumns: an ambiguous column is an error', () => {
  assert.throws(() => bindColumns({ to: 'Acct' }, ['acct', 'ACCT']), /column "Acct" \(mapped to to\) appears 2 times/);
  // An exact match wins over case-insensitive ones.
  assert.deepEqual(bindColumns({ to: 'acct' }, ['acct', 'ACCT', 'Acct']), [{ field: 'to', index: 0 }]);
});

test('a #N column picks the N-th column, for headers that repeat a name', async () => {
  const { findColumn } = await import('../../src/ingest/column-map.js');
  const header = ['Timestamp', 'From Bank', 'Account', 'To Bank', 'Account', 'Amount'];
  assert.equal(findColumn('#5', header), 4);
  assert.throws(() => findColumn('Account', header), /appears 2 times/);
  assert.throws(() => findColumn('#7', header), /outside the header's 6 columns/);
});
