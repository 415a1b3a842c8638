import type { Decision } from '../domain/decision.js';
import type { Transaction } from '../domain/transaction.js';
import { assertStorable, differingFields, IdempotencyConflictError } from '../domain/transaction-check.js';
import type { ScoredTransaction, TransactionStore } from '../store/port.js';
import type { Scorer } from './scorer.js';
import type { Watchlists } from './watchlists.js';

export interface Outcome {
  decision: Decision;
  /** True when the same transaction (id and content) was seen before: the stored decision is returned and nothing changed. */
  duplicate: boolean;
}

interface Arrival {
  tx: Transaction;
  resolve: (o: Outcome | Promise<Outcome>) => void;
  reject: (e: unknown) => void;
}

interface Waiter {
  resolve: (o: Outcome) => void;
  reject: (e: unknown) => void;
}

export interface PipelineOptions {
  /** Most transactions in one commit. */
  maxBatch?: number;
  /** Called with each batch once it is durable (case intake and the like; errors are theirs). */
  onCommitted?: (batch: readonly ScoredTransaction[]) => void;
  /** Called when a commit failed after the state had advanced: the state must be rebuilt. */
  onStateLost?: (error: unknown) => void;
}

/**
 * The live path: idempotency on id, scoring in arrival order, and group commit. A transaction
 * is scored at once (the state advances in arrival order, which is also the log's order), put
 * in the current batch, and acknowledged only when the batch is durable in the store. Batches
 * form naturally: everything that arrives while a commit runs goes into the next one.
 */
export class Pipeline {
  private batch: ScoredTransaction[] = [];
  private waiters: Waiter[] = [];
  private readonly pending = new Map<string, { tx: Transaction; promise: Promise<Outcome> }>();
  private flushing: Promise<void> | null = null;
  private arrivals: Arrival[] = [];
  private admitting: Promise<void> | null = null;
  /** Idempotency lookups in flight, and what was committed meanwhile (so a lookup that missed it still finds it). */
  private lookups = 0;
  private readonly committedDuringLookup = new Map<string, ScoredTransaction>();
  private scheduled = false;
  private readonly maxBatch: number;
  committed = 0;
  commits = 0;

  constructor(
    readonly scorer: Scorer,
    readonly store: TransactionStore,
    private readonly options: PipelineOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 5000;
  }

  /**
   * Rebuilds the scorer's state from the store's log (after a restart): transactions in log
   * order, with each list change applied after the number of transactions it was made after.
   */
  static async replay(scorer: Scorer, store: TransactionStore, lists?: Watchlists, onPage?: (n: number) => void): Promise<number> {
    const events = lists ? await store.listEvents() : [];
    let next = 0;
    let n = 0;
    for await (const page of store.replay()) {
      for (const tx of page) {
        while (next < events.length && events[next].after_transactions <= n) lists!.apply(events[next++]);
        scorer.apply(tx);
        n++;
      }
      onPage?.(n);
    }
    while (next < events.length) lists!.apply(events[next++]);
    return n;
  }

  /**
   * Scores one transaction and resolves once it is durable. The id is an idempotency key: the
   * same transaction again (same id, same content) resolves with the stored decision and
   * `duplicate: true`; the same id with other content is refused with IdempotencyConflictError
   * (nothing scored or stored). Submissions are admitted strictly in arrival order, whatever
   * order the store answers the idempotency lookups in (a server store answers concurrent queries
   * out of order): arrivals queue, one lookup covers everything queued, then each is scored in
   * turn. Concurrent first submissions of one id meet in `pending`: the first is scored, the rest
   * compare against it.
   */
  submit(tx: Transaction): Promise<Outcome> {
    try {
      // Refused before scoring: a record the store would refuse must not advance the state.
      assertStorable(tx);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<Outcome>((resolve, reject) => {
      this.arrivals.push({ tx, resolve, reject });
      this.admitting ??= this.admit();
    });
  }

  /** Admits queued arrivals in order: one store lookup per chunk, then scoring one by one. */
  private async admit(): Promise<void> {
    try {
      while (this.arrivals.length > 0) {
        const chunk = this.arrivals.splice(0, this.maxBatch);
        const ids = [...new Set(chunk.filter((a) => !this.pending.has(a.tx.id)).map((a) => a.tx.id))];
        let stored: Map<string, ScoredTransaction>;
        this.lookups++;
        try {
          stored = new Map(ids.length ? (await this.store.findScored(ids)).map((x) => [x.tx.id, x]) : []);
        } catch (err) {
          for (const a of chunk) a.reject(err);
          continue;
        } finally {
          if (--this.lookups === 0) this.committedDuringLookup.clear();
        }
        for (const a of chunk) {
          try {
            a.resolve(this.admitOne(a.tx, stored));
          } catch (err) {
            a.reject(err);
          }
        }
      }
    } finally {
      this.admitting = null;
    }
  }

  private admitOne(tx: Transaction, stored: ReadonlyMap<string, ScoredTransaction>): Outcome | Promise<Outcome> {
    const inFlight = this.pending.get(tx.id);
    if (inFlight) return duplicateOf(tx, inFlight);
    // Committed (and gone from `pending`) after the lookup was sent: compare with what was stored.
    const known = stored.get(tx.id) ?? this.committedDuringLookup.get(tx.id);
    if (known) {
      const differ = differingFields(known.tx, tx);
      if (differ.length > 0) throw new IdempotencyConflictError(tx.id, differ);
      return { decision: known.decision, duplicate: true };
    }
    return this.enqueue(tx);
  }

  /**
   * Advances the state by a transaction another process decides (a stream worker's other
   * partitions): applied in order, neither scored nor stored here.
   */
  apply(tx: Transaction): void {
    assertStorable(tx);
    this.scorer.apply(tx);
  }

  /**
   * Scores a transaction the caller knows to be new (a stream worker, which looked its page
   * up in the store itself) at once, in call order, and resolves once it is durable, stored
   * at `position` of the source's order.
   */
  scoreNew(tx: Transaction, position?: number): Promise<Outcome> {
    assertStorable(tx);
    return this.enqueue(tx, position);
  }

  private enqueue(tx: Transaction, position?: number): Promise<Outcome> {
    const decision = this.scorer.score(tx);
    const promise = new Promise<Outcome>((resolve, reject) => {
      this.batch.push(position === undefined ? { tx, decision } : { tx, decision, position });
      this.waiters.push({ resolve, reject });
    });
    this.pending.set(tx.id, { tx, promise });
    if (this.batch.length >= this.maxBatch) void this.commit();
    else this.schedule();
    return promise;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.commit();
    });
  }

  /** Commits the current batch; resolves when everything submitted so far is durable. */
  async flush(): Promise<void> {
    // Arrivals still being admitted belong to "everything submitted so far".
    while (this.admitting) await this.admitting;
    await this.commit();
  }

  /** Commits the current batch (group commit: whatever arrived while the previous commit ran). */
  private async commit(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.batch.length === 0) return;
    const batch = this.batch;
    const waiters = this.waiters;
    this.batch = [];
    this.waiters = [];
    this.flushing = (async () => {
      try {
        await this.store.append(batch);
        this.committed += batch.length;
        this.commits++;
        for (let i = 0; i < batch.length; i++) {
          this.pending.delete(batch[i].tx.id);
          if (this.lookups > 0) this.committedDuringLookup.set(batch[i].tx.id, batch[i]);
          waiters[i].resolve({ decision: batch[i].decision, duplicate: false });
        }
        try {
          this.options.onCommitted?.(batch);
        } catch (err) {
          // A failing follower (case intake) must not look like a failed commit.
          process.emitWarning(`ringwatch: after-commit hook failed: ${String(err)}`);
        }
      } catch (err) {
        for (let i = 0; i < batch.length; i++) {
          this.pending.delete(batch[i].tx.id);
          waiters[i].reject(err);
        }
        this.options.onStateLost?.(err);
      }
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
    if (this.batch.length > 0) this.schedule();
  }
}

async function duplicateOf(tx: Transaction, first: { tx: Transaction; promise: Promise<Outcome> }): Promise<Outcome> {
  const differ = differingFields(first.tx, tx);
  if (differ.length > 0) throw new IdempotencyConflictError(tx.id, differ);
  const o = await first.promise;
  return { decision: o.decision, duplicate: true };
}
