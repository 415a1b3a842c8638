import type { Command } from 'commander';
import { statSync } from 'node:fs';
import type { Verdict } from '../domain/decision.js';
import { writeDecisions } from './decision-csv.js';
import { DEFAULTS } from '../domain/transaction.js';
import { firstOfEachId, type Transaction } from '../domain/transaction.js';
import { Pipeline, type Outcome } from '../engine/pipeline.js';
import type { EngineConfig } from '../engine/config.js';
import type { Stores } from '../store/open.js';
import { buildScorer, openEngine } from '../engine/runtime.js';
import { storedCounterparties } from './counterparties.js';
import { formatRejection, ProgressBar, readTransactions } from '../ingest/index.js';
import { settle } from '../stream/intake.js';
import { runIsoScore } from './score-iso20022.js';
import { transactionRows, type SearchFeed } from '../features/split/search-feed.js';
import { startSearchFeed } from './search-thread.js';
import { addEngineOptions, addIngestOptions, engineConfig, ingestOptions, openScoreStores, type EngineFlags, type IngestFlags, type StoreFlags } from './options.js';

export interface ScoreFlags extends EngineFlags, IngestFlags, StoreFlags {
  out?: string;
  sort: boolean;
  quiet?: boolean;
}

/** One accepted row in input order, with its decision once scored. */
export interface Row {
  line: number;
  tx: Transaction;
  outcome?: Outcome;
}

const CHUNK = 5000;
const SHOWN_REJECTIONS = 20;

/** Reads and validates the whole file; rejections go to stderr as they are found. */
export async function readAll(path: string, flags: ScoreFlags): Promise<{ rows: Row[]; rejected: number }> {
  const rows: Row[] = [];
  let rejected = 0;
  const bar = new ProgressBar({ totalBytes: path === '-' ? undefined : statSync(path).size, label: 'read' });
  for await (const batch of readTransactions(path, ingestOptions(flags))) {
    for (const a of batch.accepted) rows.push({ line: a.line, tx: a.tx });
    for (const r of batch.rejected) {
      if (rejected < SHOWN_REJECTIONS && !flags.quiet) process.stderr.write(`ringwatch: rejected ${formatRejection(r)}\n`);
      rejected++;
    }
    bar.update(batch.bytesRead, rows.length + rejected);
  }
  bar.finish();
  if (rejected > SHOWN_REJECTIONS && !flags.quiet) process.stderr.write(`ringwatch: … and ${rejected - SHOWN_REJECTIONS} more rejected rows\n`);
  return { rows, rejected };
}

/** The currency assumed for a delimited file whose column map names none, else undefined. */
function assumedCurrency(flags: ScoreFlags): string | undefined {
  const format = flags.format ?? 'csv';
  if (format !== 'csv' && format !== 'tsv') return undefined;
  if (flags.map !== undefined && /(^|,)\s*currency\s*=/.test(flags.map)) return undefined;
  if (flags.map === undefined) return undefined; // the file's own header names the fields
  return DEFAULTS.currency;
}

/**
 * `ringwatch score FILE`: read, validate, score every transaction in time order (input order
 * is kept for the output), optionally persist into the store, and summarise.
 */
export async function runScore(file: string, flags: ScoreFlags): Promise<{ counts: Record<Verdict, number>; rows: number; rejected: number }> {
  const config = engineConfig(flags);
  const started = performance.now();
  // The store first: a mistyped URL fails before the file is read.
  const stores = await openScoreStores(flags, config.durability);
  // A big file scored from an empty state (in memory, or into an empty store) computes its search
  // features on a second thread; the worker starts now, loading its modules while the file is
  // read. (A store's history would be replayed into the scorer, not into the worker: such runs
  // stay on one thread.)
  const fresh = stores.kind === 'memory' || (await stores.transactions.count()) === 0;
  const feed = fresh ? startSearchFeed(config.features, file) : undefined;
  try {
    return await scoreRows(file, flags, config, stores, started, feed);
  } finally {
    await feed?.close();
  }
}

async function scoreRows(
  file: string, flags: ScoreFlags, config: EngineConfig, stores: Stores, started: number, feed: SearchFeed | undefined,
): Promise<{ counts: Record<Verdict, number>; rows: number; rejected: number }> {
  const read = await readAll(file, flags);
  const rows = read.rows;
  let rejected = read.rejected;
  // Features are defined over event time: score in time order, stable for equal times.
  const order = rows.map((_, i) => i);
  if (flags.sort) order.sort((a, b) => rows[a].tx.time - rows[b].tx.time || a - b);

  const store = stores.transactions;
  // Counterparty names are screened when name lists are stored beside the store.
  const counterparties = (await storedCounterparties(stores.dir))?.screening;
  let searches: SearchFeed | undefined;
  if (feed) {
    const txs = order.map((k) => rows[k].tx);
    // Every row must reach the scorer once, in order: repeated ids (answered as duplicates) do not.
    if (firstOfEachId(txs.keys(), (i) => txs[i]).length === txs.length) searches = feed.beginIfWorthIt(transactionRows(txs));
  }
  const pipeline = stores.kind === 'memory'
    ? new Pipeline(buildScorer(config, undefined, { counterparties, searches }), store)
    : (await openEngine(config, store, { counterparties, searches })).pipeline;
  const scoreStarted = performance.now();
  const bar = new ProgressBar({ totalBytes: rows.length, label: 'score' });
  const counts: Record<Verdict, number> = { ALLOW: 0, REVIEW: 0, BLOCK: 0 };
  let duplicates = 0;
  let conflicts = 0;
  for (let i = 0; i < order.length; i += CHUNK) {
    const part = order.slice(i, i + CHUNK);
    await searches?.ready(i + part.length);
    const settled = await settle(part.map((k) => ({ ok: true, tx: rows[k].tx })), pipeline);
    part.forEach((k, j) => {
      const s = settled[j];
      if (!s.ok) {
        // An id used before for other content: refused like any bad row, the rest go on.
        if (rejected < SHOWN_REJECTIONS && !flags.quiet) process.stderr.write(`ringwatch: rejected line ${rows[k].line}: ${s.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}\n`);
        rejected++;
        conflicts++;
        return;
      }
      rows[k].outcome = s.outcome;
      counts[s.outcome.decision.decision]++;
      if (s.outcome.duplicate) duplicates++;
    });
    bar.update(i + part.length, i + part.length);
  }
  await pipeline.flush();
  bar.finish();
  const scoreMs = performance.now() - scoreStarted;
  await stores.close();
  if (flags.out) await writeDecisions(flags.out, [rows.filter((r) => r.outcome !== undefined).map((r) => r.outcome!.decision)]);
  const totalS = (performance.now() - started) / 1000;
  if (!flags.quiet) {
    process.stderr.write(
      `rows=${rows.length + read.rejected} scored=${rows.length - conflicts} rejected=${rejected} duplicates=${duplicates} ` +
        `ALLOW=${counts.ALLOW} REVIEW=${counts.REVIEW} BLOCK=${counts.BLOCK} ` +
        `alerts_per_10k=${(((counts.REVIEW + counts.BLOCK) / Math.max(1, rows.length - conflicts)) * 1e4).toFixed(1)} ` +
        `rows_per_s=${Math.round((rows.length + read.rejected) / totalS)} score_tx_per_s=${Math.round(rows.length / (scoreMs / 1000))} ` +
        `seconds=${totalS.toFixed(2)} search_thread=${searches ? 'yes' : 'no'}\n`,
    );
    const assumed = assumedCurrency(flags);
    if (assumed) {
      process.stderr.write(
        `ringwatch: the file names no currency: amounts were read as ${assumed}, so the PBOC thresholds and money features take them as ${assumed} ` +
          `(map a currency column, or give the rate table in --config)\n`,
      );
    }
  }
  return { counts, rows: rows.length - conflicts, rejected };
}

export function scoreCommand(program: Command): void {
  addEngineOptions(
    addIngestOptions(
      program
        .command('score')
        .description('score a CSV or NDJSON file of transactions, or ISO 20022 messages (--format iso20022: NDJSON or a folder of XML files)')
        .argument('<file>', 'input file (- for standard input)'),
    )
      .option('--out <file>', 'write id,score,decision,reasons per transaction')
      .option('--store <url>', 'persist into this store: a file path, sqlite:PATH or postgres://… (default: in memory only)')
      .option('--db <path>', 'same as --store')
      .option('--no-sort', 'score in file order instead of time order')
      .option('--quiet', 'no rejection lines or summary'),
  ).action(async (file: string, flags: ScoreFlags) => {
    if (flags.format?.toLowerCase() === 'iso20022') {
      await runIsoScore(file, flags);
      return;
    }
    const r = await runScore(file, flags);
    // Nothing scored is a failure, not a result: the rejection lines above say why.
    if (r.rows === 0) throw new Error(`${file}: no transaction could be scored (${r.rejected} rejected; see the reasons above)`);
  });
}
