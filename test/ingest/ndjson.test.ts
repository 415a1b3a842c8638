import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NdjsonRecordDecoder } from '../../src/ingest/ndjson.js';
import type { RecordBatch } from '../../src/ingest/records.js';

function decode(chunks: readonly string[], decoder = new NdjsonRecordDecoder()): RecordBatch {
  const out: RecordBatch = { rows: [], rejected: [], bytesRead: 0 };
  for (const c of chunks) decoder.push(c, out);
  decoder.end(out);
  return out;
}

test('NDJSON: one object per line; blank lines skipped but counted; CRLF; no final newline', () => {
  const text = '{"id":"t1","from":"A","to":"B","amount":"1.00","time":"2024-01-01T00:00:00Z","note":"x"}\r\n\r\n  \n{"id":"t2","from":"B","to":"C","amount":150}';
  const out = decode([text.slice(0, 37), text.slice(37)]);
  assert.deepEqual(out.rejected, []);
  assert.deepEqual(out.rows, [
    { line: 1, row: 1, raw: { id: 't1', time: '2024-01-01T00:00:00Z', from: 'A', to: 'B', amount: '1.00' } },
    { line: 4, row: 2, raw: { id: 't2', from: 'B', to: 'C', amount: 150 } },
  ]);
});

test('NDJSON: a map picks keys and dotted paths; unmapped keys never appear; id from the row', () => {
  const decoder = new NdjsonRecordDecoder({ map: { from: 'payer.account', to: 'payee', amount: 'amt.value', channel: 'a.b' } });
  const out = decode(
    [
      '{"payer":{"account":"A1","name":"secret"},"payee":"B1","amt":{"value":"9.99"},"from":"ignored"}\n',
      '{"payer":"flat","payee":"B2","amt":{"value":1},"a.b":"card"}\n',
    ],
    decoder,
  );
  assert.deepEqual(out.rows, [
    { line: 1, row: 1, raw: { id: '1', from: 'A1', to: 'B1', amount: '9.99' } },
    { line: 2, row: 2, raw: { id: '2', to: 'B2', amount: 1, channel: 'card' } },
  ]);
});

test('NDJSON: bad lines are rejected with their line and the file goes on', () => {
  const out = decode(['{"id":"a","from":"A"}\n{oops}\n[1,2]\nnull\n{"id":"b"}\n']);
  assert.deepEqual(
    out.rows.map((r) => [r.line, r.raw.id]),
    [
      [1, 'a'],
      [5, 'b'],
    ],
  );
  assert.equal(out.rejected.length, 3);
  assert.equal(out.rejected[0].line, 2);
  assert.match(out.rejected[0].errors[0].reason, /^is not valid JSON: /);
  assert.deepEqual(out.rejected[1], { line: 3, errors: [{ field: '(record)', reason: 'must be a JSON object, got an array' }] });
  assert.deepEqual(out.rejected[2], { line: 4, errors: [{ field: '(record)', reason: 'must be a JSON object, got null' }] });
});

test('NDJSON: an endless line is refused', () => {
  const decoder = new NdjsonRecordDecoder({ maxRecordChars: 50 });
  const out: RecordBatch = { rows: [], rejected: [], bytesRead: 0 };
  decoder.push('{"id":1}\n', out);
  assert.throws(() => decoder.push('x'.repeat(60), out), /line 2: a line is longer than 50 characters/);
});

test('NDJSON: a file holding one JSON array is refused with a clear error', () => {
  assert.throws(() => decode(['\n[\n  {"id": 1}\n]\n']), /line 2: the file starts with a JSON array; expected NDJSON/);
});
