import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { generateBank, writeCsv, type Bank } from '../../src/demo/index.js';
import { partitionOf } from '../../src/stream/partition.js';
import { MAIN, type CliResult } from '../helpers/harness.js';

/** A small synthetic bank (planted cycles, scatter-gathers, fan-ins …) written as CSV. */
export function bankCsv(path: string, transactions: number, seed = 7): Bank {
  const bank = generateBank({ seed, accounts: 400, days: 20, targetTransactions: transactions });
  writeCsv(path, bank.transactions, bank.labels);
  return bank;
}

/** Planted instances of a pattern whose payers fall into more than one of `partitions` partitions. */
export function crossPartition(bank: Bank, pattern: string, partitions: number): number {
  const parts = new Map<string, Set<number>>();
  for (const tx of bank.transactions) {
    const l = bank.labels.get(tx.id);
    if (l?.pattern !== pattern) continue;
    const set = parts.get(l.instance) ?? new Set<number>();
    set.add(partitionOf(tx, partitions));
    parts.set(l.instance, set);
  }
  return [...parts.values()].filter((s) => s.size > 1).length;
}

export interface Running {
  child: ChildProcess;
  done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
  /** What it has written to stderr so far. */
  stderr(): string;
}

/** Starts `ringwatch ARGS…` without waiting for it. */
export function start(args: readonly string[]): Running {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (status, signal) => resolve({ status, signal, stdout, stderr })),
  );
  return { child, done, stderr: () => stderr };
}

/** Runs `ringwatch ARGS…` to completion (asynchronously, so servers in this process keep running). */
export function run(args: readonly string[]): Promise<CliResult> {
  return start(args).done;
}

/** Rows in a SQLite store's transaction table (0 before it exists), those of payers `from` picks if given. */
export function storedCount(db: string, from?: (account: string) => boolean): number {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      if (from) return (d.prepare('SELECT from_account AS f FROM transactions').all() as Array<{ f: string }>).filter((r) => from(r.f)).length;
      return (d.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0;
  }
}

/** Every id in a store and how often it is there (a duplicate decision shows as a count above 1). */
export function storedIds(db: string): Map<string, number> {
  const d = new Database(db, { readonly: true });
  try {
    const rows = d.prepare('SELECT id, count(*) AS n FROM transactions GROUP BY id').all() as Array<{ id: string; n: number }>;
    return new Map(rows.map((r) => [r.id, r.n]));
  } finally {
    d.close();
  }
}

export const lines = (path: string): string[] => readFileSync(path, 'utf8').trim().split('\n');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` holds, polling; fails after `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
