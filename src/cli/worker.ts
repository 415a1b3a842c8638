import type { Command } from 'commander';
import { Pipeline } from '../engine/pipeline.js';
import { buildScorer } from '../engine/runtime.js';
import { storedCounterparties } from './counterparties.js';
import { closeNats, connectNats, checkStreamName } from '../stream/nats.js';
import { describe, StreamWorker } from '../stream/worker.js';
import { DEFAULT_SEEN_WINDOW } from '../stream/seen.js';
import { addEngineOptions, addStoreOptions, engineConfig, openCommandStores, type EngineFlags, type StoreFlags } from './options.js';
import { addHeapOption, applyHeapGrowth, type HeapFlags } from './heap-policy.js';

export interface WorkerFlags extends EngineFlags, StoreFlags, HeapFlags {
  nats: string;
  stream: string;
  partitions: string;
  partition: string;
  drain?: boolean;
  quiet?: boolean;
  seenWindow?: string;
}

const whole = (v: string, name: string): number => {
  if (!/^\d+$/.test(v.trim())) throw new Error(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return Number(v);
};

/**
 * `ringwatch worker`: one of N engine workers over a stream. Its state starts empty and is
 * rebuilt from the stream (never from the store, which holds only the partitions' decisions).
 */
export async function runWorker(flags: WorkerFlags): Promise<void> {
  const config = engineConfig(flags);
  const stream = checkStreamName(flags.stream);
  const partitions = whole(flags.partitions, '--partitions');
  const partition = whole(flags.partition, '--partition');
  const window = flags.seenWindow === undefined ? undefined : whole(flags.seenWindow, '--seen-window');
  if (window !== undefined && window < 1) throw new Error('--seen-window must be at least 1');
  const log = (line: string): void => {
    if (!flags.quiet) process.stderr.write(`ringwatch worker ${partition}/${partitions}: ${line}\n`);
  };
  const stores = await openCommandStores(flags, { durability: config.durability });
  const store = stores.transactions;
  const nc = await connectNats(flags.nats, `ringwatch-worker-${partition}-of-${partitions}`).catch(async (err: unknown) => {
    await stores.close();
    throw err;
  });
  const worker = new StreamWorker(nc, store, { stream, partitions, partition, drain: flags.drain, log, progressMs: 5000, seen: { window } });
  const pipeline = new Pipeline(buildScorer(config, undefined, { counterparties: (await storedCounterparties(stores.dir))?.screening }), store, worker.hooks());
  const stop = (): void => worker.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const started = performance.now();
  try {
    const stats = await worker.run(pipeline);
    const s = (performance.now() - started) / 1000;
    log(`${flags.drain ? 'drained' : 'stopped'}: ${describe(stats)} committed=${pipeline.committed} read_tx_per_s=${Math.round(stats.read / s)} seconds=${s.toFixed(2)}`);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await stores.close();
    await closeNats(nc);
  }
}

export function workerCommand(program: Command): void {
  addEngineOptions(
    addStoreOptions(addHeapOption(program
      .command('worker')
      .description('consume a NATS JetStream stream: apply every transaction, score and store those of one partition')))
      .requiredOption('--nats <url>', 'NATS server(s), e.g. nats://127.0.0.1:4222')
      .requiredOption('--stream <name>', 'JetStream stream name')
      .requiredOption('--partitions <n>', 'how many workers share the stream')
      .requiredOption('--partition <i>', 'which of them this is (0 … n-1)')
      .option('--drain', 'exit once the stream holds nothing more for this worker')
      .option('--seen-window <n>', 'remember ids exactly for this many stream sequences (older repeats are settled by the store)', String(DEFAULT_SEEN_WINDOW))
      .option('--quiet', 'no progress or summary lines'),
  ).action(async (flags: WorkerFlags) => {
    applyHeapGrowth(flags.heapGrowth);
    await runWorker(flags);
  });
}
