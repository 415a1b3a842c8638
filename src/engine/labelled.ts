import type { Transaction } from '../domain/transaction.js';
import { readTransactions, type IngestOptions, type Rejection } from '../ingest/index.js';

/** One labelled transaction; labels stay here, apart from what the engine sees. */
export interface LabelledRow {
  tx: Transaction;
  label: 0 | 1;
  pattern?: string;
  instance?: string;
}

const TRUE = new Set(['1', 'true', 'yes', 'y', 't']);
const FALSE = new Set(['0', 'false', 'no', 'n', 'f', '']);

/** A number written as a float (a data frame's export of a label column with gaps: "1.0", "0.0"). */
const DECIMAL = /^\d+\.\d*$/;

/** Reads a label value: 1/0 (also 1.0/0.0), true/false, yes/no in any case; anything else is an error text. */
export function parseLabel(v: string): 0 | 1 | string {
  const s = v.trim().toLowerCase();
  if (TRUE.has(s)) return 1;
  if (FALSE.has(s)) return 0;
  if (DECIMAL.test(s)) {
    const n = Number(s);
    if (n === 1 || n === 0) return n;
  }
  return `label must be 1/0 (or 1.0/0.0), true/false or yes/no, got ${JSON.stringify(v.slice(0, 40))}`;
}

export interface LabelColumns {
  label: string;
  pattern?: string;
  instance?: string;
}

/**
 * Reads a labelled file: the mapped transaction fields for the engine, the label (and pattern,
 * instance) columns beside them, sorted by time (stable, so ties keep file order).
 */
export async function readLabelled(
  path: string,
  options: IngestOptions,
  columns: LabelColumns,
  onProgress?: (bytes: number, rows: number) => void,
): Promise<{ rows: LabelledRow[]; rejected: Rejection[] }> {
  const extra = [columns.label, columns.pattern, columns.instance].filter((c): c is string => c !== undefined);
  const rows: LabelledRow[] = [];
  const rejected: Rejection[] = [];
  for await (const batch of readTransactions(path, { ...options, extra })) {
    rejected.push(...batch.rejected);
    for (const a of batch.accepted) {
      const ex = a.extra ?? [];
      const label = parseLabel(ex[0] ?? '');
      if (typeof label === 'string') {
        rejected.push({ line: a.line, errors: [{ field: columns.label, reason: label }] });
        continue;
      }
      const row: LabelledRow = { tx: a.tx, label };
      let k = 1;
      if (columns.pattern !== undefined) row.pattern = ex[k++] || undefined;
      if (columns.instance !== undefined) row.instance = ex[k++] || undefined;
      rows.push(row);
    }
    onProgress?.(batch.bytesRead, rows.length + rejected.length);
  }
  const order = rows.map((_, i) => i).sort((a, b) => rows[a].tx.time - rows[b].tx.time || a - b);
  return { rows: order.map((i) => rows[i]), rejected };
}

/** Parses "0.6,0.2,0.2" into cumulative boundaries [0.6, 0.8]; the last part is what is reported. */
export function parseSplit(text: string): { trainEnd: number; validEnd: number } {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((p) => !(p >= 0 && p <= 1))) {
    throw new Error(`--split must be three fractions such as 0.6,0.2,0.2, got ${JSON.stringify(text)}`);
  }
  const sum = parts[0] + parts[1] + parts[2];
  if (Math.abs(sum - 1) > 1e-6) throw new Error(`--split fractions must add up to 1, got ${sum}`);
  if (parts[2] <= 0) throw new Error('--split needs a non-empty last part to report on');
  return { trainEnd: parts[0], validEnd: parts[0] + parts[1] };
}
