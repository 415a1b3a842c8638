import type { Command } from 'commander';
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { parseLabel } from '../engine/labelled.js';
import { buildScorer } from '../engine/runtime.js';
import { SEARCH_READY_STEP } from '../features/extractor-options.js';
import { firstOfEachId, type Transaction } from '../domain/transaction.js';
import { csvCell } from '../domain/csv-cell.js';
import { formatRejection, ProgressBar, readTransactions } from '../ingest/index.js';
import type { EngineConfig } from '../engine/config.js';
import { transactionRows, type SearchFeed } from '../features/split/search-feed.js';
import { startSearchFeed } from './search-thread.js';
import { addEngineOptions, addIngestOptions, engineConfig, ingestOptions, type EngineFlags, type IngestFlags } from './options.js';

interface FeaturesFlags extends EngineFlags, IngestFlags {
  out: string;
  label?: string;
}

function cell(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return String(v);
  return String(Math.round(v * 1e6) / 1e6);
}

/**
 * `ringwatch features`: the causal feature matrix exactly as the engine computes it (each row
 * sees only its past and itself), one row per transaction in the order the engine applies them
 * (time order; file order among equal times — the file's order for a time-ordered file), with
 * the transaction id and, when `--label` names a column, the label. For training models
 * outside Ringwatch (Python, R) on the engine's own features.
 */
export async function runFeatures(file: string, flags: FeaturesFlags): Promise<string> {
  const config = engineConfig({ ...flags, model: undefined });
  // A big file's search features are computed on a second thread (see SearchFeed).
  const feed = startSearchFeed(config.features, file);
  try {
    return await writeFeatures(file, flags, config, feed);
  } finally {
    await feed?.close();
  }
}

async function writeFeatures(file: string, flags: FeaturesFlags, config: EngineConfig, feed: SearchFeed | undefined): Promise<string> {
  const rows: Array<{ tx: Transaction; label: string }> = [];
  const bar = new ProgressBar({ totalBytes: file === '-' ? undefined : statSync(file).size, label: 'read' });
  let rejected = 0;
  for await (const batch of readTransactions(file, { ...ingestOptions(flags), extra: flags.label ? [flags.label] : [] })) {
    for (const r of batch.rejected) {
      if (rejected++ < 20) process.stderr.write(`ringwatch: rejected ${formatRejection(r)}\n`);
    }
    for (const a of batch.accepted) {
      let label = '';
      if (flags.label) {
        const l = parseLabel(a.extra?.[0] ?? '');
        if (typeof l === 'string') {
          if (rejected++ < 20) process.stderr.write(`ringwatch: rejected line ${a.line}: ${flags.label}: ${l}\n`);
          continue;
        }
        label = String(l);
      }
      rows.push({ tx: a.tx, label });
    }
    bar.update(batch.bytesRead, rows.length);
  }
  bar.finish();
  if (rows.length === 0) throw new Error(`${file}: no valid transactions${rejected ? ` (${rejected} rejected)` : ''}`);
  const order = rows.map((_, i) => i).sort((a, b) => rows[a].tx.time - rows[b].tx.time || a - b);
  // Each id once, in time order: a repeated id changes nothing in the engine either.
  const applied = firstOfEachId(order, (i) => rows[i].tx);
  const searches = feed?.beginIfWorthIt(transactionRows(applied.map((i) => rows[i].tx)));
  const scorer = buildScorer(config, undefined, { searches });
  const out = createWriteStream(flags.out);
  const names = scorer.features.names;
  out.write(['id', ...(flags.label ? ['label'] : []), ...names].join(',') + '\n');
  let written = 0;
  for (const i of applied) {
    const { tx, label } = rows[i];
    if (searches && written % SEARCH_READY_STEP === 0) await searches.ready(written + SEARCH_READY_STEP);
    scorer.apply(tx);
    const v = scorer.vector;
    const cells: string[] = [csvCell(tx.id)];
    if (flags.label) cells.push(label);
    for (let j = 0; j < v.length; j++) cells.push(cell(v[j]));
    if (!out.write(cells.join(',') + '\n')) await once(out, 'drain');
    written++;
  }
  out.end();
  await once(out, 'finish');
  return `features: ${written} rows × ${names.length} features written to ${flags.out}${rejected ? `; ${rejected} rows rejected` : ''}` +
    `${searches ? '; search features computed on a second thread' : ''}`;
}

export function featuresCommand(program: Command): void {
  addEngineOptions(addIngestOptions(program.command('features').description('write the causal feature matrix the engine computes, one row per transaction').argument('<file>')))
    .requiredOption('--out <file>', 'CSV file to write (id, [label,] one column per feature)')
    .option('--label <column>', 'label column to copy beside the features (1/0, true/false, yes/no)')
    .action(async (file: string, flags: FeaturesFlags) => {
      process.stdout.write((await runFeatures(file, flags)) + '\n');
    });
}
