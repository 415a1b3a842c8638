import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { IngestError } from '../../src/ingest/errors.js';
import { parseColumnMap } from '../../src/ingest/column-map.js';
import { decodeChunks, readRecords } from '../../src/ingest/source.js';
import { allRecords, collect, mulberry32, randomSplit, tempFile } from './helpers.js';

const AMLSIM =
  'tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id\n' +
  '1,A1,B1,TRANSFER,100.50,0,False,-1\n' +
  '2,A2,B2,CASH-IN,20,3,True,7\n';
const MAP = parseColumnMap('id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type');

test('mapped CSV rows hold only the mapped fields, with physical lines and row numbers', async () => {
  const { rows, rejected } = await allRecords(readRecords(tempFile('t.csv', AMLSIM), { map: MAP }));
  assert.deepEqual(rejected, []);
  assert.deepEqual(rows, [
    { line: 2, row: 1, raw: { id: '1', time: '0', from: 'A1', to: 'B1', amount: '100.50', channel: 'TRANSFER' } },
    { line: 3, row: 2, raw: { id: '2', time: '3', from: 'A2', to: 'B2', amount: '20', channel: 'CASH-IN' } },
  ]);
  for (const r of rows) assert.ok(!('is_sar' in r.raw) && !('alert_id' in r.raw));
});

test('without a map, columns named like fields map to themselves and the id is the data row number', async () => {
  const csv = 'from,to,amount,memo,time\nA,B,1.00,hello,2024-01-01\n\nC,D,2.00,"multi\nline",2024-01-02\n';
  const { rows } = await allRecords(readRecords(tempFile('t.csv', csv)));
  assert.deepEqual(rows, [
    { line: 2, row: 1, raw: { id: '1', time: '2024-01-01', from: 'A', to: 'B', amount: '1.00' } },
    { line: 4, row: 2, raw: { id: '2', time: '2024-01-02', from: 'C', to: 'D', amount: '2.00' } },
  ]);
});

test('with a map that leaves out id, an id column is not read: the id is the row number', async () => {
  const { rows } = await allRecords(
    readRecords(tempFile('t.csv', 'id,a,b\nX9,p,q\n'), { map: parseColumnMap('from=a,to=b') }),
  );
  assert.deepEqual(rows, [{ line: 2, row: 1, raw: { id: '1', from: 'p', to: 'q' } }]);
});

test('a mapped column missing from the header stops the file, naming it and the header', async () => {
  const path = tempFile('t.csv', 'tran_id,orig,bene\n1,a,b\n');
  await assert.rejects(
    collect(readRecords(path, { map: parseColumnMap('id=tran_id,from=orig,to=bene,amount=base_amt') })),
    (e: unknown) =>
      e instanceof IngestError &&
      e.message === 'line 1: column "base_amt" (mapped to amount) is not in the header; the header\'s columns are "tran_id", "orig", "bene"',
  );
});

test('UTF-8 BOM, CRLF and a semicolon delimiter are handled; the BOM is not part of the first column', async () => {
  const csv = '\uFEFFid;from;to;amount\r\nt1;"A;1";B;"1,50"\r\nt2;C;D;3\r\n';
  const { rows } = await allRecords(readRecords(tempFile('t.csv', csv)));
  assert.deepEqual(rows, [
    { line: 2, row: 1, raw: { id: 't1', from: 'A;1', to: 'B', amount: '1,50' } },
    { line: 3, row: 2, raw: { id: 't2', from: 'C', to: 'D', amount: '3' } },
  ]);
});

test('the delimiter is detected from the whole first line, however small the reads', async () => {
  const csv = 'identifier_of_tx;from;to\n1;A;B\n';
  const { rows } = await allRecords(readRecords(tempFile('t.csv', csv), { chunkBytes: 3, map: parseColumnMap('id=identifier_of_tx,from=from,to=to') }));
  assert.deepEqual(rows, [{ line: 2, row: 1, raw: { id: '1', from: 'A', to: 'B' } }]);
});

test('tsv by extension; gzip by extension', async () => {
  const tsv = 'id\tfrom\tto\n1\tA\tB\n';
  assert.deepEqual((await allRecords(readRecords(tempFile('t.tsv', tsv)))).rows[0].raw, { id: '1', from: 'A', to: 'B' });
  const gz = tempFile('t.csv.gz', gzipSync(AMLSIM));
  const { rows } = await allRecords(readRecords(gz, { map: MAP }));
  assert.equal(rows.length, 2);
  assert.equal(rows[1].raw.channel, 'CASH-IN');
});

test('a row with the wrong number of fields is rejected; trailing empty fields are tolerated', async () => {
  const csv = 'id,from,to\n1,A,B\n2,A\n3,A,B,,\n4,A,B,x\n5,A,B\n';
  const { rows, rejected } = await allRecords(readRecords(tempFile('t.csv', csv)));
  assert.deepEqual(rows.map((r) => r.raw.id), ['1', '3', '5']);
  assert.deepEqual(rejected, [
    { line: 3, errors: [{ field: '(record)', reason: 'has 2 fields; the header has 3' }] },
    { line: 5, errors: [{ field: '(record)', reason: 'has 4 fields; the header has 3' }] },
  ]);
});

test('an empty CSV file is an error; a header alone yields nothing', async () => {
  await assert.rejects(collect(readRecords(tempFile('t.csv', ''))), /the file is empty; a CSV file needs a header row/);
  assert.deepEqual(await collect(readRecords(tempFile('t.csv', 'id,from,to\n'))), []);
});

test('unreadable files and unknown formats are clear errors', async () => {
  await assert.rejects(collect(readRecords('/nonexistent/t.csv')), /cannot read "\/nonexistent\/t.csv": ENOENT/);
  await assert.rejects(collect(readRecords('t.xlsx')), /cannot tell the format/);
  await assert.rejects(collect(readRecords('-')), /reading standard input needs --format/);
});

test('tiny reads split multi-byte characters, quotes and CRLF; the result does not change', async () => {
  const csv = 'id,from,to,memo\r\n' + Array.from({ length: 200 }, (_, i) => `${i},账户${i},💸${i},"a ""q"", b\r\nc"`).join('\r\n') + '\r\n';
  const path = tempFile('t.csv', csv);
  const reference = await allRecords(readRecords(path));
  assert.equal(reference.rows.length, 200);
  assert.deepEqual(reference.rows[199], { line: 2 + 199 * 2, row: 200, raw: { id: '199', from: '账户199', to: '💸199' } });
  for (const chunkBytes of [1, 2, 3, 5, 64]) {
    assert.deepEqual(await allRecords(readRecords(path, { chunkBytes })), reference, `chunkBytes ${chunkBytes}`);
  }
  const bytes = Buffer.from(csv);
  const rnd = mulberry32(5);
  for (let k = 0; k < 20; k++) {
    const pieces = randomSplit(rnd, bytes.toString('latin1'), 30).map((p) => Buffer.from(p, 'latin1'));
    assert.deepEqual(await allRecords(decodeChunks(toAsync(pieces), 'csv')), reference);
  }
});

test('batches report bytes read, rising to the file size', async () => {
  const csv = 'id,from,to\n' + Array.from({ length: 5000 }, (_, i) => `${i},A,B`).join('\n');
  const path = tempFile('t.csv', csv);
  const batches = await collect(readRecords(path, { chunkBytes: 4096 }));
  assert.ok(batches.length > 5);
  const seen = batches.map((b) => b.bytesRead);
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
  assert.equal(seen[seen.length - 1], Buffer.byteLength(csv));
  assert.equal(batches.reduce((n, b) => n + b.rows.length, 0), 5000);
});

test('another text encoding can be named', async () => {
  const gbk = Buffer.from([
    ...Buffer.from('id,from,to\n1,'),
    0xd5, 0xc5, 0xc8, 0xfd, // 张三 in GB18030
    ...Buffer.from(',B\n'),
  ]);
  const { rows } = await allRecords(readRecords(tempFile('t.csv', gbk), { encoding: 'gb18030' }));
  assert.equal(rows[0].raw.from, '张三');
  await assert.rejects(collect(readRecords(tempFile('t.csv', gbk), { encoding: 'klingon' })), /unknown text encoding/);
});

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
