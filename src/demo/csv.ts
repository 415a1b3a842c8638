/** Writes a demo bank's transactions as CSV, with the labels in their own columns. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { currencyExponent, formatMinor } from '../domain/money.js';
import type { Transaction } from '../domain/transaction.js';
import type { PatternLabel } from './types.js';

export const CSV_COLUMNS = [
  'id', 'time', 'from', 'to', 'amount', 'currency', 'channel', 'from_type', 'to_type',
  'device', 'ip', 'phone', 'country', 'is_laundering', 'pattern', 'instance',
] as const;

function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line (no line end): amount in major units (`1234.50`), time as ISO-8601 UTC. */
export function csvRow(tx: Transaction, label: PatternLabel | undefined): string {
  return [
    tx.id, new Date(tx.time).toISOString(), tx.from, tx.to, formatMinor(tx.amount, currencyExponent(tx.currency)),
    tx.currency, tx.channel, tx.from_type, tx.to_type, tx.device ?? '', tx.ip ?? '', tx.phone ?? '', tx.country ?? '',
    label ? '1' : '0', label?.pattern ?? '', label?.instance ?? '',
  ].map(cell).join(',');
}

/** Writes the header and one line per transaction; returns the number of data rows. */
export function writeCsv(
  path: string,
  transactions: readonly Transaction[],
  labels: ReadonlyMap<string, PatternLabel>,
): number {
  const fd = openSync(path, 'w');
  try {
    let chunk = CSV_COLUMNS.join(',') + '\n';
    for (const tx of transactions) {
      chunk += csvRow(tx, labels.get(tx.id)) + '\n';
      if (chunk.length > 1 << 16) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return transactions.length;
}
