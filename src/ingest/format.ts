import { IngestError } from './errors.js';

/** Input formats. `tsv` is CSV with a tab delimiter. */
export type InputFormat = 'csv' | 'tsv' | 'ndjson';

export const INPUT_FORMATS: readonly InputFormat[] = ['csv', 'tsv', 'ndjson'];

const EXTENSIONS: ReadonlyArray<[suffix: string, format: InputFormat]> = [
  ['.csv', 'csv'],
  ['.txt', 'csv'],
  ['.tsv', 'tsv'],
  ['.tab', 'tsv'],
  ['.ndjson', 'ndjson'],
  ['.jsonl', 'ndjson'],
  ['.json', 'ndjson'],
];

/** True when the path names a gzip file (`.gz`); the reader then decompresses it. */
export function isGzipPath(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

/**
 * The format of `path`: `explicit` when given (checked), otherwise from the extension
 * (.csv/.txt → csv, .tsv/.tab → tsv, .ndjson/.jsonl/.json → ndjson; a trailing .gz is looked through).
 * A `.json` file must hold JSON lines, one object per line, not one big array.
 */
export function detectFormat(path: string, explicit?: string): InputFormat {
  if (explicit !== undefined && explicit !== '') {
    const f = explicit.toLowerCase();
    if (f === 'jsonl' || f === 'json') return 'ndjson';
    if ((INPUT_FORMATS as readonly string[]).includes(f)) return f as InputFormat;
    throw new IngestError(`--format: ${JSON.stringify(explicit)} is not one of ${INPUT_FORMATS.join(', ')}`);
  }
  const lower = path.toLowerCase();
  const name = isGzipPath(lower) ? lower.slice(0, -3) : lower;
  for (const [suffix, format] of EXTENSIONS) if (name.endsWith(suffix)) return format;
  throw new IngestError(
    `cannot tell the format of ${JSON.stringify(path)} from its extension; pass --format ${INPUT_FORMATS.join('|')}`,
  );
}

const CANDIDATES = [',', ';', '\t', '|'] as const;

/**
 * Picks the delimiter of a CSV header line: the candidate (comma, semicolon, tab, pipe) that
 * occurs most often outside double quotes; comma on a tie or when none occurs.
 */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  let bestCount = counts.get(',')!;
  for (const c of CANDIDATES) {
    const n = counts.get(c)!;
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}
