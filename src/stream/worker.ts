import type { JetStreamManager, NatsConnection } from 'nats';
import type { Pipeline, PipelineOptions } from '../engine/pipeline.js';
import { Watchlists } from '../engine/watchlists.js';
import type { ScoredTransaction, TransactionStore } from '../store/port.js';
import { StreamApplier, type ApplierStats, type StreamRecord } from './applier.js';
import { ensureStream, lastSequence, sleep, subjects } from './nats.js';
import { checkPartition, partitionOf } from './partition.js';

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
}

/** Decision notices per core-NATS message (a notice is a few hundred bytes; NATS caps a message at 1 MiB). */
const NOTICES_PER_MESSAGE = 200;

/** The store setting under which a worker keeps the sequence up to which its decisions are durable. */
export function checkpointKey(stream: string, partitions: number, partition: number): string {
  return `stream:${stream}:partition:${partition}/${partitions}`;
}

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
    const key = checkpointKey(this.options.stream, this.options.partitions, this.options.partition);
    return {
      onCommitted: (batch) => {
        const last = batch[batch.length - 1]?.position;
        if (last !== undefined) {
          this.store.setSetting(key, String(last)).catch((err: unknown) => this.options.log?.(`saving the checkpoint failed: ${String(err)}`));
        }
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
    const key = checkpointKey(stream, partitions, partition);
    const follow = this.options.follow === true;
    const checkpoint = follow ? 0 : Number((await this.store.getSetting(key)) ?? 0) || 0;
    const owns = follow ? () => false : (tx: { from: string }) => partitionOf(tx, partitions) === partition;
    // Lists as one process would have them: the store's own changes (made before the stream, applied
    // after their count of transactions as replay does), then every change the stream carries, at its place.
    const storedLists = (await this.store.listEvents()).filter((e) => e.position === undefined);
    const applier = new StreamApplier(pipeline, owns, {
      checkpoint,
      lists: this.options.lists ?? new Watchlists(pipeline.scorer.features.listed),
      storedLists,
      recordLists: true,
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
    const pageSize = this.options.pageSize ?? 1000;
    const progress = this.options.progressMs ? setInterval(() => this.options.log?.(describe(applier.stats)), this.options.progressMs) : undefined;
    progress?.unref();
    let page: StreamRecord[] = [];
    try {
      for await (const m of messages) {
        page.push({ seq: m.seq, data: m.data, kind: m.subject === this.listSubject ? 'list' : 'tx' });
        const caughtUp = m.info.pending === 0;
        if (page.length < pageSize && !caughtUp) continue;
        await applier.page(page);
        page = [];
        if (applier.failure !== undefined) throw applier.failure;
        if (caughtUp && this.options.drain) {
          await pipeline.flush();
          if ((await this.lastSeq(jsm)) <= m.seq) break;
        }
      }
      if (page.length) await applier.page(page);
      await pipeline.flush();
      if (applier.failure !== undefined) throw applier.failure;
    } finally {
      messages.stop();
      if (progress) clearInterval(progress);
    }
    return applier.stats;
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
  return `seq=${s.lastSeq} read=${s.read} scored=${s.scored} applied=${s.applied} already_stored=${s.alreadyStored} duplicates=${s.duplicates} invalid=${s.invalid} list_changes=${s.listChanges}`;
}
