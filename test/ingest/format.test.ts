import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDelimiter, detectFormat, isGzipPath } from '../../src/ingest/format.js';

test('detectFormat from the extension', () => {
  assert.equal(detectFormat('a/b/tx.csv'), 'csv');
  assert.equal(detectFormat('TX.CSV'), 'csv');
  assert.equal(detectFormat('tx.tsv'), 'tsv');
  assert.equal(detectFormat('tx.ndjson'), 'ndjson');
  assert.equal(detectFormat('tx.jsonl'), 'ndjson');
  assert.equal(detectFormat('tx.json'), 'ndjson');
  assert.equal(detectFormat('tx.csv.gz'), 'csv');
  assert.equal(detectFormat('tx.jsonl.gz'), 'ndjson');
  assert.ok(isGzipPath('x.CSV.GZ'));
});

test('detectFormat: explicit wins and is checked', () => {
  assert.equal(detectFormat('tx.data', 'csv'), 'csv');
  assert.equal(detectFormat('tx.csv', 'ndjson'), 'ndjson');
  assert.equal(detectFormat('tx.csv', 'JSONL'), 'ndjson');
  assert.throws(() => detectFormat('tx.csv', 'xml'), /--format: "xml" is not one of csv, tsv, ndjson/);
  assert.throws(() => detectFormat('tx.data'), /cannot tell the format of "tx.data" from its extension; pass --format/);
});

test('detectDelimiter picks the commonest separator outside quotes', () => {
  assert.equal(detectDelimiter('a,b,c'), ',');
  assert.equal(detectDelimiter('a;b;c'), ';');
  assert.equal(detectDelimiter('a\tb\tc'), '\t');
  assert.equal(detectDelimiter('"a;b;c",d,e'), ',');
  assert.equal(detectDelimiter('"x,y";z'), ';');
  assert.equal(detectDelimiter('single'), ',');
});
