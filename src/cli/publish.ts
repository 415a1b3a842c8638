import type { Command } from 'commander';
import type { Transaction } from '../domain/transaction.js';
import { differingFields } from '../domain/transaction-check.js';
import { closeNats, connectNats, checkStreamName, ensureStream } from '../stream/nats.js';
import { StreamPublisher } from '../stream/publisher.js';
import { addIngestOptions, type IngestFlags } from './options.js';
import { readAll } from './score.js';

export interface PublishFlags extends IngestFlags {
  nats: string;
  stream: string;
  sort: boolean;
  quiet?: boolean;
}

const SHOWN_REJECTIONS = 20;

/**
 * The transactions of a file in the order `score` scores them (time order, stable; file order
 * with --no-sort), each id once: a repeated id with the same content is left out (a duplicate),
 * with other content it is refused like a bad row.
 */
function streamOrder(rows: Array<{ line: number; tx: Transaction }>, sort: boolean, report: (line: number, reason: string) => void): { txs: Transaction[]; duplicates: number; conflicts: number } {
  const order = rows.map((_, i) => i);
  if (sort) order.sort((a, b) => rows[a].tx.time - rows[b].tx.time || a - b);
  const first = new Map<string, Transaction>();
  const txs: Transaction[] = [];
  let duplicates = 0;
  let conflicts = 0;
  for (const k of order) {
    const { tx, line } = rows[k];
    const before = first.get(tx.id);
    if (!before) {
      first.set(tx.id, tx);
      txs.push(tx);
      continue;
    }
    const differ = differingFields(before, tx);
    if (differ.length === 0) duplicates++;
    else {
      conflicts++;
      report(line, `id: was already used for a different transaction (${differ.join(', ')} differ); send a new id for a new transaction`);
    }
  }
  return { txs, duplicates, conflicts };
}

/** `ringwatch publish FILE --nats URL --stream NAME`: validate, order and publish; bad rows are reported, never published. */
export async function runPublish(file: string, flags: PublishFlags): Promise<{ published: number; duplicates: number; rejected: number; lastSeq: number }> {
  const stream = checkStreamName(flags.stream);
  if (flags.format?.toLowerCase() === 'iso20022') throw new Error('publish reads csv, tsv or ndjson transactions (ISO 20022 messages are scored with ringwatch score --format iso20022)');
  const started = performance.now();
  const read = await readAll(file, { ...flags, sort: flags.sort });
  let rejected = read.rejected;
  const { txs, duplicates, conflicts } = streamOrder(read.rows, flags.sort, (line, reason) => {
    if (rejected < SHOWN_REJECTIONS && !flags.quiet) process.stderr.write(`ringwatch: rejected line ${line}: ${reason}\n`);
    rejected++;
  });
  if (txs.length === 0) throw new Error(`${file}: no transaction could be published (${rejected} rejected; see the reasons above)`);
  const nc = await connectNats(flags.nats, 'ringwatch-publish');
  try {
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, stream);
    const publisher = new StreamPublisher(nc.jetstream(), jsm, stream, {
      onRetry: (reason) => !flags.quiet && process.stderr.write(`ringwatch: NATS: ${reason}; resuming\n`),
    });
    const pubStarted = performance.now();
    const r = await publisher.publishAll(txs);
    const pubS = (performance.now() - pubStarted) / 1000;
    if (!flags.quiet) {
      process.stderr.write(
        `rows=${read.rows.length + read.rejected} published=${r.published} already_in_stream=${r.duplicates} duplicates=${duplicates} rejected=${rejected} ` +
          `conflicts=${conflicts} stream=${stream} last_seq=${r.lastSeq} retries=${r.retries} publish_tx_per_s=${Math.round(txs.length / pubS)} ` +
          `seconds=${((performance.now() - started) / 1000).toFixed(2)}\n`,
      );
    }
    return { published: r.published, duplicates: r.duplicates + duplicates, rejected, lastSeq: r.lastSeq };
  } finally {
    await closeNats(nc);
  }
}

export function publishCommand(program: Command): void {
  addIngestOptions(
    program
      .command('publish')
      .description('validate a CSV or NDJSON file of transactions and publish them, in time order, to a NATS JetStream stream')
      .argument('<file>', 'input file (- for standard input)'),
  )
    .requiredOption('--nats <url>', 'NATS server(s), e.g. nats://127.0.0.1:4222')
    .requiredOption('--stream <name>', 'JetStream stream name (created if missing)')
    .option('--no-sort', 'publish in file order instead of time order')
    .option('--quiet', 'no rejection lines or summary')
    .action(async (file: string, flags: PublishFlags) => {
      await runPublish(file, flags);
    });
}
