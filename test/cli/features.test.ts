import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { TRANSFER_CSV_MAP, writeTransferCsv } from '../helpers/big-csv.js';
import { ringwatch as run } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-features-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MAP = 'id=ref,time=at,from=payer,to=payee,amount=amt';

function table(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));
  return { header: lines[0], rows: lines.slice(1) };
}

test('features FILE: one row per transaction in time order, each id once, with its label and the engine\'s values', () => {
  const file = join(dir, 'small.csv');
  writeFileSync(file, [
    'ref,at,payer,payee,amt,sar',
    'b,2026-05-01T10:05:00Z,A,B,300,0',
    'a,2026-05-01T10:00:00Z,A,B,100,1',
    'c,2026-05-01T10:10:00Z,B,A,50,0',
    'a,2026-05-01T10:00:00Z,A,B,100,1',
  ].join('\n') + '\n');
  const out = join(dir, 'small-features.csv');
  const r = run(['features', file, '--map', MAP, '--label', 'sar', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /features: 3 rows × \d+ features written/);
  const { header, rows } = table(out);
  assert.deepEqual(header.slice(0, 2), ['id', 'label']);
  assert.deepEqual(rows.map((x) => x[0]), ['a', 'b', 'c'], 'time order, the repeat of a left out');
  assert.deepEqual(rows.map((x) => x[1]), ['1', '0', '0']);
  const col = (name: string): string[] => rows.map((x) => x[header.indexOf(name)]);
  assert.deepEqual(col('amount'), ['100', '300', '50']);
  assert.deepEqual(col('pair_count'), ['0', '1', '0'], 'earlier A→B transfers');
  assert.deepEqual(col('pair_reverse_count'), ['0', '0', '2'], 'earlier transfers the other way');
});

test('features FILE: a big file\'s matrix is the same with its search features on a second thread', () => {
  const file = join(dir, 'big.csv');
  writeTransferCsv(file, { rows: 22_000, accounts: 2500, days: 56, seed: 99 });
  const outs = ['0', ''].map((thread) => {
    const out = join(dir, `big-${thread || 'on'}.csv`);
    const r = run(['features', file, '--map', TRANSFER_CSV_MAP, '--out', out], { env: { ...process.env, RINGWATCH_SEARCH_THREAD: thread }, timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(/search features computed on a second thread/.test(r.stdout), thread === '', r.stdout);
    return readFileSync(out, 'utf8');
  });
  assert.equal(outs[1], outs[0]);
  const { header, rows } = table(join(dir, 'big-on.csv'));
  const pct = header.indexOf('from_out_amount_pct');
  assert.ok(rows.filter((r) => Number(r[pct]) > 0).length > 5000, 'the amount profile (computed on the worker) has values');
});
