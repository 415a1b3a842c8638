import type { NatsConnection, Subscription } from 'nats';
import type { Decision } from '../domain/decision.js';
import type { Transaction } from '../domain/transaction.js';
import { assertStorable, differingFields, IdempotencyConflictError } from '../domain/transaction-check.js';
import type { Outcome } from '../engine/pipeline.js';
import type { TransactionStore } from '../store/port.js';
import { encodeTransaction } from './codec.js';
import type { Submitter } from './intake.js';
import { sleep, subjects } from './nats.js';
import type { DecisionNotice } from './worker.js';
import { DecisionTimeoutError } from './decision-timeout.js';

export { DecisionTimeoutError };

export interface StreamSubmitterOptions {
  /** How long an answer waits for the worker's durable decision. */
  timeoutMs?: number;
  /** How often the store is asked while waiting (in case a decision notice was missed). */
  pollMs?: number;
}

interface Waiter {
  resolve: (d: Decision) => void;
}

/**
 * Submits API transactions through the stream (`serve --nats`): the transaction is published
 * (message id = transaction id, so a retry is not stored twice), then the answer waits until a
 * worker has made its decision durable — announced on the decided subject, or found in the
 * shared store — and reports a timeout otherwise. An id already decided answers from the store
 * at once, as the in-process pipeline does (a duplicate, or a conflict for other content).
 */
export class StreamSubmitter implements Submitter {
  private readonly waiters = new Map<string, Waiter[]>();
  private sub?: Subscription;
  private readonly subject: string;

  constructor(
    private readonly nc: NatsConnection,
    private readonly store: TransactionStore,
    readonly stream: string,
    private readonly options: StreamSubmitterOptions = {},
  ) {
    this.subject = subjects(stream).transactions;
  }

  /** Listens for decision notices (call before serving). */
  start(): void {
    this.sub = this.nc.subscribe(subjects(this.stream).decided, {
      callback: (err, msg) => {
        if (err) return;
        let notices: DecisionNotice[];
        try {
          notices = msg.json<DecisionNotice[]>();
        } catch {
          return;
        }
        if (!Array.isArray(notices)) return;
        for (const n of notices) {
          const ws = n && typeof n.id === 'string' ? this.waiters.get(n.id) : undefined;
          if (!ws) continue;
          this.waiters.delete(n.id);
          for (const w of ws) w.resolve(n.decision);
        }
      },
    });
  }

  async submit(tx: Transaction): Promise<Outcome> {
    assertStorable(tx);
    const known = await this.stored(tx);
    if (known) return known;
    const started = Date.now();
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    let waiter!: Waiter;
    const noticed = new Promise<Decision>((resolve) => (waiter = { resolve }));
    this.waiters.set(tx.id, [...(this.waiters.get(tx.id) ?? []), waiter]);
    try {
      const ack = await this.nc.jetstream().publish(this.subject, encodeTransaction(tx), { msgID: tx.id, timeout: timeoutMs });
      const decision = await this.await(tx, noticed, started, timeoutMs, ack.seq);
      // The id may have been taken by another transaction meanwhile: the store says whose decision it is.
      const after = await this.stored(tx);
      if (after) return ack.duplicate ? after : { decision: after.decision, duplicate: false };
      return { decision, duplicate: ack.duplicate };
    } finally {
      const ws = this.waiters.get(tx.id)?.filter((w) => w !== waiter);
      if (ws?.length) this.waiters.set(tx.id, ws);
      else this.waiters.delete(tx.id);
    }
  }

  /** The stored decision for this id as a duplicate, a conflict if the id holds other content, or undefined. */
  private async stored(tx: Transaction): Promise<Outcome | undefined> {
    const [s] = await this.store.findScored([tx.id]);
    if (!s) return undefined;
    const differ = differingFields(s.tx, tx);
    if (differ.length > 0) throw new IdempotencyConflictError(tx.id, differ);
    return { decision: s.decision, duplicate: true };
  }

  private async await(tx: Transaction, noticed: Promise<Decision>, started: number, timeoutMs: number, seq: number): Promise<Decision> {
    let done: Decision | undefined;
    void noticed.then((d) => (done = d));
    const pollMs = this.options.pollMs ?? 250;
    while (done === undefined) {
      const left = timeoutMs - (Date.now() - started);
      if (left <= 0) throw new DecisionTimeoutError(tx.id, seq, Date.now() - started);
      await Promise.race([noticed, sleep(Math.min(pollMs, left))]);
      if (done !== undefined) break;
      const [s] = await this.store.findScored([tx.id]);
      if (s) return s.decision;
    }
    return done;
  }

  stop(): void {
    this.sub?.unsubscribe();
  }
}
