import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSV_COLUMNS, csvRow, writeCsv } from '../../src/demo/csv.js';
import { generateBank } from '../../src/demo/generator.js';
import { validateTransaction } from '../../src/domain/transaction.js';

const bank = generateBank({ seed: 5, accounts: 300, targetTransactions: 8_000 });

test('writeCsv writes the header, one row per transaction and the labels in their own columns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringwatch-demo-'));
  try {
    const path = join(dir, 'bank.csv');
    assert.equal(writeCsv(path, bank.transactions, bank.labels), bank.transactions.length);
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines[0], 'id,time,from,to,amount,currency,channel,from_type,to_type,device,ip,phone,country,is_laundering,pattern,instance');
    assert.equal(lines.length - 1, bank.transactions.length);
    let laundering = 0;
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      assert.equal(cells.length, CSV_COLUMNS.length);
      const row = Object.fromEntries(CSV_COLUMNS.map((c, k) => [c, cells[k]]));
      const tx = bank.transactions[i];
      const label = bank.labels.get(tx.id);
      assert.match(row.amount, /^\d+\.\d{2}$/);
      assert.match(row.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.equal(row.is_laundering, label ? '1' : '0');
      assert.equal(row.pattern, label?.pattern ?? '');
      assert.equal(row.instance, label?.instance ?? '');
      if (label) laundering++;
      const { is_laundering: _l, pattern: _p, instance: _i, ...raw } = row;
      const r = validateTransaction(raw);
      assert.ok(r.ok, line);
      assert.deepEqual(r.tx, tx);
    });
    assert.equal(laundering, bank.labels.size);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('csvRow formats amounts in major units and quotes awkward cells', () => {
  const tx = {
    id: 'T000000001', time: Date.parse('2026-01-01T00:00:00Z'), from: 'A00001', to: 'A, "x"', amount: 123450,
    currency: 'CNY', channel: 'mobile', from_type: 'natural' as const, to_type: 'legal' as const,
  };
  assert.equal(
    csvRow(tx, { pattern: 'cycle', instance: 'cycle-0001' }),
    'T000000001,2026-01-01T00:00:00.000Z,A00001,"A, ""x""",1234.50,CNY,mobile,natural,legal,,,,,1,cycle,cycle-0001',
  );
  assert.equal(csvRow({ ...tx, to: 'A00002', amount: 5 }, undefined).split(',')[4], '0.05');
});
