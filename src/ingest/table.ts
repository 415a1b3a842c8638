import { readFileSync } from 'node:fs';
import { CsvParser } from './csv.js';
import { IngestError } from './errors.js';
import { detectDelimiter, detectFormat } from './format.js';

/** One row of a small reference file (lists, column-named), with its physical line. */
export interface TableRow {
  line: number;
  values: Record<string, string>;
}

/**
 * Reads a small CSV (header row) or NDJSON file into rows keyed by the requested columns only.
 * For reference data such as list imports, not for transaction streams (see readRecords).
 */
export function readTable(path: string, columns: readonly string[]): TableRow[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const rows: TableRow[] = [];
  if (detectFormat(path) === 'ndjson') {
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch (e) {
        throw new IngestError(`${path}: line ${i + 1}: not JSON: ${(e as Error).message}`, i + 1);
      }
      const values: Record<string, string> = {};
      for (const c of columns) {
        const v = (obj as Record<string, unknown>)?.[c];
        if (v !== undefined && v !== null) values[c] = String(v);
      }
      rows.push({ line: i + 1, values });
    });
    return rows;
  }
  const parser = new CsvParser({ delimiter: detectDelimiter(text.slice(0, text.indexOf('\n') >>> 0)) });
  let index: Array<[string, number]> | undefined;
  const onRecord = (fields: readonly string[], count: number, line: number): void => {
    if (!index) {
      const header = fields.slice(0, count).map((h) => h.trim().toLowerCase());
      index = columns.map((c) => [c, header.indexOf(c)] as [string, number]).filter(([, i]) => i >= 0);
      return;
    }
    const values: Record<string, string> = {};
    for (const [c, i] of index) if (i < count && fields[i].trim() !== '') values[c] = fields[i].trim();
    rows.push({ line, values });
  };
  parser.push(text, onRecord);
  parser.end(onRecord);
  return rows;
}
