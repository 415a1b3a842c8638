import { statSync } from 'node:fs';
import type { Transaction } from '../domain/transaction.js';
import { formatRejection, ProgressBar, readTransactions } from '../ingest/index.js';
import { ingestOptions, type IngestFlags } from './options.js';

/**
 * Every valid transaction of a file in the order the engine applies them (time, then file
 * order), with a progress bar; the first 20 rejections go to stderr and all are counted.
 */
export async function readTimeOrdered(file: string, flags: IngestFlags): Promise<{ txs: Transaction[]; rejected: number }> {
  const txs: Transaction[] = [];
  const bar = new ProgressBar({ totalBytes: file === '-' ? undefined : statSync(file).size, label: 'read' });
  let rejected = 0;
  for await (const batch of readTransactions(file, ingestOptions(flags))) {
    for (const r of batch.rejected) if (rejected++ < 20) process.stderr.write(`ringwatch: rejected ${formatRejection(r)}\n`);
    for (const a of batch.accepted) txs.push(a.tx);
    bar.update(batch.bytesRead, txs.length);
  }
  bar.finish();
  const order = txs.map((_, i) => i).sort((a, b) => txs[a].time - txs[b].time || a - b);
  return { txs: order.map((i) => txs[i]), rejected };
}
