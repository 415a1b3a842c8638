import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { after } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvParser } from '../../src/ingest/csv.js';
import type { RecordBatch } from '../../src/ingest/records.js';
import type { TransactionBatch } from '../../src/ingest/transactions.js';

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(rnd: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}

export function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)];
}

/**
 * Writes `content` to a new file in a fresh temporary directory and returns its path; the
 * directory is removed when the calling test file's tests are done.
 */
export function tempFile(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'ringwatch-ingest-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export interface ParsedRecord {
  fields: string[];
  line: number;
}

/** Parses text fed in the given chunks (default: one chunk); throws what the parser throws. */
export function parseCsv(chunks: string | readonly string[], delimiter = ','): ParsedRecord[] {
  const parser = new CsvParser({ delimiter });
  const out: ParsedRecord[] = [];
  const on = (fields: readonly string[], count: number, line: number): void => {
    out.push({ fields: fields.slice(0, count), line });
  };
  for (const c of typeof chunks === 'string' ? [chunks] : chunks) parser.push(c, on);
  parser.end(on);
  return out;
}

/** Splits `text` at random points into 1..n pieces. */
export function randomSplit(rnd: () => number, text: string, maxPieces = 8): string[] {
  const cuts = new Set<number>();
  const n = randInt(rnd, 0, maxPieces - 1);
  for (let k = 0; k < n; k++) cuts.add(randInt(rnd, 0, text.length));
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: string[] = [];
  let prev = 0;
  for (const p of points) {
    pieces.push(text.slice(prev, p));
    prev = p;
  }
  pieces.push(text.slice(prev));
  return pieces;
}

export async function collect<T>(batches: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

/** All rows and rejections of a record stream, flattened. */
export async function allRecords(batches: AsyncIterable<RecordBatch>): Promise<Pick<RecordBatch, 'rows' | 'rejected'>> {
  const rows: RecordBatch['rows'] = [];
  const rejected: RecordBatch['rejected'] = [];
  for await (const b of batches) {
    rows.push(...b.rows);
    rejected.push(...b.rejected);
  }
  return { rows, rejected };
}

/** All accepted transactions and rejections of a transaction stream, flattened. */
export async function allTransactions(
  batches: AsyncIterable<TransactionBatch>,
): Promise<Pick<TransactionBatch, 'accepted' | 'rejected'>> {
  const accepted: TransactionBatch['accepted'] = [];
  const rejected: TransactionBatch['rejected'] = [];
  for await (const b of batches) {
    accepted.push(...b.accepted);
    rejected.push(...b.rejected);
  }
  return { accepted, rejected };
}
