import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCsvRow } from '../../src/ingest/csv.js';
import { IngestError } from '../../src/ingest/errors.js';
import { decodeTransactions } from '../../src/ingest/transactions.js';
import { allTransactions, mulberry32, parseCsv, pick, randInt, randomSplit, type ParsedRecord } from './helpers.js';

const PIECES = ['a', 'b', 'Z', '0', '9', ' ', '"', '""', ',', ';', '\t', '\n', '\r\n', '\r', 'é', '张', '💸', '\u2028', "'", '\\'];

function randomField(rnd: () => number): string {
  const n = rnd() < 0.15 ? 0 : randInt(rnd, 1, 12);
  let s = '';
  for (let k = 0; k < n; k++) s += pick(rnd, PIECES);
  return s;
}

function countLf(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === '\n') n++;
  return n;
}

test('property: random rows → serialise → parse (random chunks) → the same rows and lines', { timeout: 60_000 }, () => {
  for (let seed = 1; seed <= 500; seed++) {
    const rnd = mulberry32(seed);
    const delimiter = pick(rnd, [',', ';', '\t']);
    const eol = pick(rnd, ['\n', '\r\n']);
    const columns = randInt(rnd, 1, 6);
    const rows: string[][] = [];
    for (let r = randInt(rnd, 0, 25); r > 0; r--) rows.push(Array.from({ length: columns }, () => randomField(rnd)));
    const expected: ParsedRecord[] = [];
    let text = '';
    let line = 1;
    for (const row of rows) {
      const rec = formatCsvRow(row, delimiter);
      expected.push({ fields: row, line });
      line += countLf(rec) + 1;
      text += rec + eol;
    }
    if (text.length > 0 && rnd() < 0.5) text = text.slice(0, -eol.length); // no final line break
    const chunks = randomSplit(rnd, text, 10);
    assert.deepEqual(parseCsv(chunks, delimiter), expected, `seed ${seed}: ${JSON.stringify(text)}`);
  }
});

function outcome(chunks: readonly string[]): string {
  try {
    return JSON.stringify(parseCsv(chunks));
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    assert.match(e.message, /^line \d+: ./);
    return `error: ${e.message}`;
  }
}

test('property: garbage never throws anything but a clear IngestError, and chunking never changes the result', { timeout: 60_000 }, () => {
  const garbage = ['"', '"', ',', '\n', '\r', 'x', ' ', '""', '\r\n', '💸', '\uFEFF', '\u0000'];
  for (let seed = 1; seed <= 2000; seed++) {
    const rnd = mulberry32(seed * 7919);
    let text = '';
    for (let k = randInt(rnd, 0, 60); k > 0; k--) text += pick(rnd, garbage);
    const whole = outcome([text]);
    const split = outcome(randomSplit(rnd, text, 12));
    assert.equal(split, whole, `seed ${seed}: ${JSON.stringify(text)}`);
  }
});

test('property: garbage through the whole pipeline rejects rows or stops with an IngestError', { timeout: 60_000 }, async () => {
  const garbage = ['"', ',', '\n', 'x', '1', '2024-01-01', 'from', 'to', 'amount', 'id', 'time', '""', '\r\n', ';', '-', '.'];
  for (let seed = 1; seed <= 300; seed++) {
    const rnd = mulberry32(seed * 104729);
    let text = 'id,time,from,to,amount\n';
    for (let k = randInt(rnd, 0, 80); k > 0; k--) text += pick(rnd, garbage);
    const bytes = Buffer.from(text);
    const cut = randInt(rnd, 0, bytes.length);
    try {
      const { accepted, rejected } = await allTransactions(
        decodeTransactions([bytes.subarray(0, cut), bytes.subarray(cut)], 'csv', { delimiter: ',' }),
      );
      for (const r of rejected) assert.ok(r.line >= 2 && r.errors.length > 0, `seed ${seed}`);
      for (const a of accepted) assert.ok(a.line >= 2, `seed ${seed}`);
    } catch (e) {
      assert.ok(e instanceof IngestError, `seed ${seed}: ${String(e)}`);
    }
  }
});

test('a long run of quotes and delimiters finishes quickly (no quadratic blow-up)', { timeout: 20_000 }, () => {
  const text = ('"a""b",' + 'c,'.repeat(50) + '\n').repeat(20_000);
  const t = performance.now();
  const recs = parseCsv(randomSplit(mulberry32(3), text, 200));
  assert.equal(recs.length, 20_000);
  assert.ok(performance.now() - t < 10_000);
  const lone = '"' + 'x,'.repeat(200_000);
  assert.throws(() => parseCsv(randomSplit(mulberry32(4), lone, 100)), /never closed/);
});
