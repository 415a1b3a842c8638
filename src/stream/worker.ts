import type { JetStreamManager, NatsConnection } from 'nats';
import type { Pipeline, PipelineOptions } from '../engine/pipeline.js';
import { Watchlists } from '../engine/watchlists.js';
import type { ScoredTransaction, TransactionStore } from '../store/port.js';
import { StreamApplier, type ApplierStats, type StreamRecord } from './applier.js';
import { ensureStream, lastSequence, sleep, subjects } from './nats.js';
import { checkPartition, partitionOf } from './partition.js';
import { Checkpoints, checkpointKey, StoppedWhileWaiting } from './checkpoints.js';
import { checkPartitioning, PartitionClaim } from './claim.js';
import type { SeenOptions } from './seen.js';

export interface WorkerOptions {
  stream: string;
  partitions: number;
  partition: number;
  /** Stop once the stream holds nothing more (and everything decided here is durable). */
  drain?: boolean;
  /** Messages handled per store lookup. */
  pageSize?: number;
  log?: (line: string) => void;
  /** Progress lines every so many ms (0: none). */
  progressMs?: number;
  /**
   * Apply every transaction and decide none (`serve --nats` keeps its graph views current this
   * way); partitions and checkpoints do not apply.
   */
  follow?: boolean;
  /** The watchlists the engine's features hear (the server's list service); else the worker makes its own. */
  lists?: Watchlists;
  /** How many ids are remembered exactly (stream sequences) and in the fixed-size filter; older ones are settled by the store. */
  seen?: SeenOptions;
}

/** Decision notices per core-NATS message (a notice is a few hundred bytes; NATS caps a message at 1 MiB). */
const NOTICES_PER_MESSAGE = 200;

export { checkpointKey } from './checkpoints.js';

/** A durable decision as announced on the decided subject (what `serve --nats` waits for). */
export interface DecisionNotice {
  id: string;
  decision: ScoredTransaction['decision'];
}

/**
 * A stream worker: reads the whole stream from the start with an ordered consumer (JetStream
 * redelivers from where it stopped after a NATS restart), applies every transaction to its
 * engine and scores and stores those of its partition (see StreamApplier). After each commit
 * it saves its checkpoint and announces the decisions on the decided subject. A failed commit
 * stops it with an error: the next start rebuilds the state from the stream.
 */
export class StreamWorker {
  private applier?: StreamApplier;
  private stopped = false;
  private stopConsuming?: () => void;
  private readonly decided: string;
  private readonly listSubject: string;
  private checkpoints?: Checkpoints;

  constructor(
    private readonly nc: NatsConnection,
    private readonly store: TransactionStore,
    private readonly options: WorkerOptions,
  ) {
    checkPartition(options.partitions, options.partition);
    this.decided = subjects(options.stream).decided;
    this.listSubject = subjects(options.stream).lists;
  }

  /** The pipeline hooks to build the worker's pipeline with. */
  hooks(): PipelineOptions {
    return {
      onCommitted: (batch) => {
        this.checkpoints?.committedMore(batch.length);
        for (let i = 0; i < batch.length; i += NOTICES_PER_MESSAGE) {
          const notices: DecisionNotice[] = batch.slice(i, i + NOTICES_PER_MESSAGE).map((s) => ({ id: s.tx.id, decision: s.decision }));
          this.nc.publish(this.decided, JSON.stringify(notices));
        }
      },
    };
  }

  /** Consumes until stopped (or, with `drain`, until the stream holds nothing more); returns the counts. */
  async run(pipeline: Pipeline): Promise<ApplierStats> {
    const { stream, partitions, partition } = this.options;
    const follow = this.options.follow === true;
    const what = `partition ${partition} of ${partitions} of stream ${stream}`;
    // One worker per partition, explicitly: a lease in the shared store, taken before anything is read.
    const claim = follow ? undefined : await PartitionClaim.take(this.store, checkpointKey(stream, partitions, partition), what);
    try {
      if (!follow) await checkPartitioning(this.store, stream, partitions, (n, i) => checkpointKey(stream, n, i));
      return await this.consume(pipeline, claim);
    } finally {
      await claim?.release().catch((err: unknown) => this.options.log?.(`releasing the claim failed (it expires by itself): ${String(err)}`));
    }
  }

  private async consume(pipeline: Pipeline, claim: PartitionClaim | undefined): Promise<ApplierStats> {
    const { stream, partitions, partition } = this.options;
    const follow = this.options.follow === true;
    const checkpoint = follow ? 0 : await Checkpoints.load(this.store, stream, partitions, partition);
    const checkpoints = follow ? undefined : new Checkpoints(this.store, stream, partitions, partition, checkpoint, this.options.log, () => this.stopped);
    this.checkpoints = checkpoints;
    const owns = follow ? () => false : (tx: { from: string }) => partitionOf(tx, partitions) === partition;
    // Lists as one process would have them: the store's own changes (made before the stream, applied
    // after their count of transactions as replay does), then every change the stream carries, at its place.
    const storedLists = (await this.store.listEvents()).filter((e) => e.position === undefined);
    const applier = new StreamApplier(pipeline, owns, {
      checkpoint,
      lists: this.options.lists ?? new Watchlists(pipeline.scorer.features.listed),
      storedLists,
      recordLists: true,
      seen: this.options.seen,
      settle: checkpoints && ((upTo) => checkpoints.settle(upTo)),
      onInvalid: (seq, errors) => this.options.log?.(`message ${seq} is no transaction or list change, skipped: ${errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`),
    });
    this.applier = applier;
    const js = this.nc.jetstream();
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, stream);
    if (this.options.drain && (await this.lastSeq(jsm)) === 0) return applier.stats;
    // No filter: transactions and list changes, in the one order of the stream.
    const consumer = await js.consumers.get(stream);
    const messages = await consumer.consume({ max_messages: 2000 });
    this.stopConsuming = () => messages.stop();
    if (this.stopped) messages.stop();
    this.options.log?.(`consuming stream ${stream} from sequence 1 (own decisions durable up to ${checkpoint})`);
    // A page never spans more than the exact window of ids (a worker's own checkpoint reaches the window's start).
    const pageSize = Math.min(this.options.pageSize ?? 1000, this.options.seen?.window ?? Infinity);
    const progress = this.options.progressMs ? setInterval(() => this.options.log?.(describe(applier.stats)), this.options.progressMs) : undefined;
    progress?.unref();
    let page: StreamRecord[] = [];
    try {
      for await (const m of messages) {
        page.push({ seq: m.seq, data: m.data, kind: m.subject === this.listSubject ? 'list' : 'tx' });
        const caughtUp = m.info.pending === 0;
        if (page.length < pageSize && !caughtUp) continue;
        // Another worker holds the partition now (this one was paused past its lease): decide nothing more.
        if (claim?.lost) throw claim.lost;
        if (!(await this.handle(applier, page))) break;
        page = [];
        // Each page is made durable before the next is read: messages already buffered are read
        // without yielding to the event loop, so the pipeline's own group commit would otherwise
        // hold a whole backlog (up to its batch cap) undecided.
        await pipeline.flush();
        if (applier.failure !== undefined) throw applier.failure;
        if (caughtUp && this.options.drain && (await this.lastSeq(jsm)) <= m.seq) break;
      }
      if (page.length) await this.handle(applier, page);
      await pipeline.flush();
      if (applier.failure !== undefined) throw applier.failure;
      await checkpoints?.flush();
    } finally {
      messages.stop();
      if (progress) clearInterval(progress);
    }
    return applier.stats;
  }

  /** Handles a page and moves the checkpoint on; false when stopped while waiting for other partitions (the page is left alone). */
  private async handle(applier: StreamApplier, page: StreamRecord[]): Promise<boolean> {
    try {
      await applier.page(page);
    } catch (err) {
      if (err instanceof StoppedWhileWaiting) return false;
      throw err;
    }
    this.checkpoints?.handled(page[page.length - 1].seq, applier.stats.scored);
    return true;
  }

  /** The stream's last sequence, asked again while NATS is away (a restart) for up to a minute. */
  private async lastSeq(jsm: JetStreamManager): Promise<number> {
    const since = Date.now();
    for (;;) {
      try {
        return await lastSequence(jsm, this.options.stream);
      } catch (err) {
        if (Date.now() - since > 60_000) throw err;
        await sleep(250);
      }
    }
  }

  /** Asks a running worker to stop after the current page (what it queued becomes durable first). */
  stop(): void {
    this.stopped = true;
    this.stopConsuming?.();
  }

  get stats(): ApplierStats | undefined {
    return this.applier?.stats;
  }
}

export function describe(s: ApplierStats): string {
  return `seq=${s.lastSeq} read=${s.read} scored=${s.scored} applied=${s.applied} already_stored=${s.alreadyStored} duplicates=${s.duplicates} invalid=${s.invalid} list_changes=${s.listChanges} ids_held=${s.idsHeld}`;
}
