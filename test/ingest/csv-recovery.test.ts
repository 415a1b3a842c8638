import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCsvRow } from '../../src/ingest/csv.js';
import { CsvRecordDecoder } from '../../src/ingest/csv-records.js';
import { IngestError } from '../../src/ingest/errors.js';
import type { RecordBatch } from '../../src/ingest/records.js';
import { ringwatch } from '../helpers/harness.js';
import { mulberry32, pick, randInt, randomSplit } from './helpers.js';

interface Decoded {
  rows: Array<{ line: number; id: string; fields: string[] }>;
  rejected: Array<{ line: number; reason: string }>;
}

/** Decodes CSV text fed in `chunks` through the record decoder (header: id and the columns). */
function decode(chunks: readonly string[]): Decoded {
  const decoder = new CsvRecordDecoder();
  const out: RecordBatch = { rows: [], rejected: [], bytesRead: 0 };
  for (const c of chunks) decoder.push(c, out);
  decoder.end(out);
  const columns = decoder.columns!.slice(1);
  return {
    rows: out.rows.map((r) => ({ line: r.line, id: String(r.raw.id), fields: columns.map((c) => String(r.raw[c as keyof typeof r.raw] ?? '')) })),
    rejected: out.rejected.map((r) => ({ line: r.line, reason: r.errors.map((e) => e.reason).join('; ') })),
  };
}

const HEADER = 'id,time,from,to,amount';

test('a quote never closed costs its row; the rows after it are read', () => {
  const text = [HEADER, '1,t,A,B,1', '2,t,"A,B,2', '3,t,C,D,3', '4,t,E,F,4'].join('\n') + '\n';
  for (const chunks of [[text], text.split(''), [text.slice(0, 20), text.slice(20)]]) {
    const d = decode(chunks);
    assert.deepEqual(d.rows.map((r) => [r.id, r.line]), [['1', 2], ['3', 4], ['4', 5]]);
    assert.equal(d.rejected.length, 1);
    assert.equal(d.rejected[0].line, 3);
    assert.match(d.rejected[0].reason, /never closed/);
  }
});

test('text after a closing quote costs its row', () => {
  const d = decode([[HEADER, '1,t,"A"x,B,1', '2,t,C,D,2'].join('\r\n')]);
  assert.deepEqual(d.rows.map((r) => r.id), ['2']);
  assert.deepEqual(d.rejected.map((r) => r.line), [2]);
  assert.match(d.rejected[0].reason, /after a closing quote/);
});

test('a stray quote closed by a later legitimate quote costs one row, not the rows between', () => {
  // Row 2's stray quote pairs with the quote opening row 4's last field (which ends its line): the
  // parser sees one record over three lines with the wrong field count, rejects it, and reads on.
  const text = [HEADER, '1,t,"A,B,1', '2,t,C,D,2', '3,t,E,F,"3"', '4,t,G,H,4'].join('\n');
  const d = decode([text]);
  assert.deepEqual(d.rows.map((r) => r.id), ['2', '3', '4']);
  assert.deepEqual(d.rows.map((r) => r.fields[3]), ['2', '3', '4']);
  assert.deepEqual(d.rejected.map((r) => r.line), [2]);
});

test('legitimate quoted fields with line breaks still read as one record', () => {
  const d = decode([[HEADER, '1,t,"A\nA",B,1', '2,t,C,D,2'].join('\n')]);
  assert.deepEqual(d.rows.map((r) => [r.id, r.fields[1], r.line]), [['1', 'A\nA', 2], ['2', 'C', 4]]);
  assert.deepEqual(d.rejected, []);
});

test('a broken quote in the header is still the whole file\'s problem', () => {
  assert.throws(() => decode(['id,"time\n1,2\n']), (e: unknown) => e instanceof IngestError && /header row/.test(e.message));
});

test('property: one stray quote costs at most its own row, whatever the other rows and the chunking', { timeout: 60_000 }, () => {
  const PIECES = ['a', 'b', '7', ' ', ',', 'é', '张', '💸', ';'];
  const field = (rnd: () => number): string => Array.from({ length: randInt(rnd, 0, 6) }, () => pick(rnd, PIECES)).join('');
  for (let seed = 1; seed <= 400; seed++) {
    const rnd = mulberry32(seed * 104_729);
    const rows: string[][] = [];
    for (let r = randInt(rnd, 1, 20); r > 0; r--) rows.push([String(rows.length + 1), field(rnd), field(rnd), field(rnd), field(rnd)]);
    const lines = rows.map((r) => formatCsvRow(r));
    // Corrupt one row: a quote opening one of its fields that is never closed on that line.
    const bad = randInt(rnd, 0, rows.length - 1);
    const cells = rows[bad].map((f) => formatCsvRow([f]));
    const at = randInt(rnd, 1, cells.length - 1);
    cells[at] = '"' + cells[at].replace(/"/g, '');
    lines[bad] = cells.join(',');
    const text = [HEADER, ...lines].join(pick(rnd, ['\n', '\r\n'])) + (rnd() < 0.5 ? '\n' : '');
    const d = decode(randomSplit(rnd, text, 8));
    const expected = rows.filter((_, k) => k !== bad).map((r) => ({ line: Number(r[0]) + 1, id: r[0], fields: r.slice(1) }));
    const got = d.rows.filter((r) => r.line !== bad + 2);
    assert.deepEqual(got, expected, `seed ${seed}: ${JSON.stringify(text)}`);
    assert.ok(d.rejected.every((r) => r.line === bad + 2), `seed ${seed}: only the bad row is rejected: ${JSON.stringify(d.rejected)}`);
    assert.equal(d.rows.length + d.rejected.length, rows.length, `seed ${seed}: every row is read or rejected once`);
  }
});

test('ringwatch score: one unbalanced quote is one rejected row with its line; the rest are scored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-quote-'));
  try {
    const file = join(dir, 'tx.csv');
    const out = join(dir, 'out.csv');
    writeFileSync(file, [
      'id,time,from,to,amount',
      'q1,2026-03-01T00:00:00Z,A,B,1.00',
      'q2,2026-03-01T01:00:00Z,"B,C,2.00',
      'q3,2026-03-01T02:00:00Z,C,D,3.00',
      'q4,2026-03-01T03:00:00Z,D,E,4.00',
    ].join('\n') + '\n');
    const r = ringwatch(['score', file, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /line 3: \(record\): a quoted field is never closed/);
    assert.match(r.stderr, /rows=4 scored=3 rejected=1 /);
    assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]), ['q1', 'q3', 'q4']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
