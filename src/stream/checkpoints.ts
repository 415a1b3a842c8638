import type { TransactionStore } from '../store/port.js';
import { sleep } from './nats.js';

/** The store setting under which a worker keeps the sequence up to which its decisions are durable. */
export function checkpointKey(stream: string, partitions: number, partition: number): string {
  return `stream:${stream}:partition:${partition}/${partitions}`;
}

/** A worker was asked to stop while it waited for the other partitions. */
export class StoppedWhileWaiting extends Error {
  constructor() {
    super('stopped while waiting for other partitions');
    this.name = 'StoppedWhileWaiting';
  }
}

/**
 * A worker's checkpoint: the stream sequence up to which every decision of its partition is
 * durable. It advances when a page's decisions are all committed (not only at the last decision
 * committed, so a partition with few transactions still moves on), is saved in the store one
 * write at a time, never backwards, and is what the other workers wait on (`settle`).
 */
export class Checkpoints {
  private pages: Array<{ end: number; scored: number }> = [];
  private committed = 0;
  private saved: number;
  private saving?: Promise<void>;
  /** Lowest checkpoint of the other partitions last read (they only grow). */
  private othersLow = 0;

  constructor(
    private readonly store: TransactionStore,
    private readonly stream: string,
    private readonly partitions: number,
    private readonly partition: number,
    /** Durable up to here already (read from the store at start). */
    public durable: number,
    private readonly log?: (line: string) => void,
    private readonly stopped: () => boolean = () => false,
  ) {
    this.saved = durable;
  }

  static async load(store: TransactionStore, stream: string, partitions: number, partition: number): Promise<number> {
    return Number((await store.getSetting(checkpointKey(stream, partitions, partition))) ?? 0) || 0;
  }

  /** A page up to `end` was handled, with `scored` decisions queued in all so far. */
  handled(end: number, scored: number): void {
    this.pages.push({ end, scored });
    this.advance();
  }

  /** `n` more decisions were committed. */
  committedMore(n: number): void {
    this.committed += n;
    this.advance();
  }

  private advance(): void {
    while (this.pages.length && this.pages[0].scored <= this.committed) this.durable = Math.max(this.durable, this.pages.shift()!.end);
    this.save();
  }

  private save(): void {
    if (this.saving || this.durable <= this.saved) return;
    const value = this.durable;
    this.saving = this.store.setSetting(checkpointKey(this.stream, this.partitions, this.partition), String(value)).then(
      () => {
        this.saved = value;
        this.saving = undefined;
        this.save();
      },
      (err: unknown) => {
        // Retried at the next advance; a lagging checkpoint only means more lookups after a restart.
        this.saving = undefined;
        this.log?.(`saving the checkpoint failed: ${String(err)}`);
      },
    );
  }

  /** Resolves once the last checkpoint reached is saved. */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
  }

  /**
   * Waits until every partition's decisions up to `upTo` are durable (this one's included). A
   * partition without a running worker holds the others here: they cannot settle old ids without it.
   */
  async settle(upTo: number): Promise<void> {
    let logged = 0;
    for (;;) {
      if (this.durable >= upTo && this.othersLow >= upTo) return;
      const behind: string[] = [];
      let low = Infinity;
      for (let j = 0; j < this.partitions; j++) {
        if (j === this.partition) continue;
        const at = Number((await this.store.getSetting(checkpointKey(this.stream, this.partitions, j))) ?? 0) || 0;
        low = Math.min(low, at);
        if (at < upTo) behind.push(`${j} (at ${at})`);
      }
      this.othersLow = low;
      if (this.durable >= upTo && behind.length === 0) return;
      if (this.stopped()) throw new StoppedWhileWaiting();
      if (Date.now() - logged > 10_000) {
        logged = Date.now();
        this.log?.(`waiting for partition(s) ${behind.join(', ') || `${this.partition} (this one)`} to be durable up to sequence ${upTo} (to settle an id met before the exact window)`);
      }
      await sleep(200);
    }
  }
}
