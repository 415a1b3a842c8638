import type { JetStreamClient, JetStreamManager, PubAck } from 'nats';
import type { Transaction } from '../domain/transaction.js';
import { encodeTransaction } from './codec.js';
import { lastSequence, sleep, subjects } from './nats.js';

export interface PublisherOptions {
  /** Messages in flight at once. */
  window?: number;
  /** How long NATS may stay unreachable before publishing gives up (it says how far it got). */
  faultTimeoutMs?: number;
  /** Per-message acknowledgement timeout. */
  ackTimeoutMs?: number;
  /** Called after each acknowledged window with the count so far. */
  onProgress?: (done: number) => void;
  /** Called when a window failed and publishing resumes (a NATS restart, say). */
  onRetry?: (reason: string) => void;
}

export interface PublishResult {
  /** Stored as new stream messages. */
  published: number;
  /** Already in the stream (same message id within the duplicate window): not stored again. */
  duplicates: number;
  /** The stream's last sequence number afterwards. */
  lastSeq: number;
  retries: number;
}

/**
 * Publishes transactions to the stream in the given order, acknowledged by JetStream, exactly
 * in that order even across a NATS restart. Each message carries its transaction id as the
 * message id (JetStream drops a second copy within the duplicate window) and the sequence the
 * stream must be at before it (Nats-Expected-Last-Sequence): a message whose predecessor was
 * lost is refused instead of stored out of order. After a failed window the publisher reads the
 * stream's position and resumes from the first unacknowledged message; messages that did land
 * come back as duplicates. Assumes no other publisher writes the stream meanwhile (others make
 * it resume more often, and interleave).
 */
export class StreamPublisher {
  private readonly subject: string;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly stream: string,
    private readonly options: PublisherOptions = {},
  ) {
    this.subject = subjects(stream).transactions;
  }

  async publishAll(txs: readonly Transaction[]): Promise<PublishResult> {
    const window = this.options.window ?? 256;
    const result: PublishResult = { published: 0, duplicates: 0, lastSeq: await this.position(0, 0), retries: 0 };
    let i = 0;
    let failingSince = 0;
    while (i < txs.length) {
      const end = Math.min(txs.length, i + window);
      const base = result.lastSeq;
      const acks = await Promise.allSettled(
        txs.slice(i, end).map((tx, j) =>
          this.js.publish(this.subject, encodeTransaction(tx), {
            msgID: tx.id,
            expect: { lastSequence: base + j },
            timeout: this.options.ackTimeoutMs ?? 5000,
          }),
        ),
      );
      // Acknowledged in order up to the first failure; everything after it is sent again.
      let j = 0;
      for (; j < acks.length; j++) {
        const a = acks[j];
        if (a.status === 'rejected') break;
        this.count(a.value, result);
      }
      i += j;
      if (j < acks.length) {
        const reason = String((acks[j] as PromiseRejectedResult).reason?.message ?? (acks[j] as PromiseRejectedResult).reason);
        // A duplicate shifts the expected sequence of the rest of the window: not a fault.
        if (j === 0 && !/wrong last sequence/.test(reason)) {
          failingSince ||= Date.now();
          if (Date.now() - failingSince > (this.options.faultTimeoutMs ?? 60_000)) {
            throw new Error(`publishing to NATS stream ${this.stream} failed for ${Math.round((Date.now() - failingSince) / 1000)} s (${reason}); the first ${i} transactions are acknowledged — publishing the same file again resumes (ids deduplicate)`);
          }
          result.retries++;
          this.options.onRetry?.(reason);
          await sleep(250);
        } else failingSince = 0;
        result.lastSeq = await this.position(failingSince, i);
      } else failingSince = 0;
      this.options.onProgress?.(i);
    }
    return result;
  }

  private count(ack: PubAck, result: PublishResult): void {
    if (ack.duplicate) result.duplicates++;
    else {
      result.published++;
      result.lastSeq = ack.seq;
    }
  }

  /** The stream's last sequence, retried while NATS is away (up to the fault timeout). */
  private async position(failingSince: number, done: number): Promise<number> {
    const since = failingSince || Date.now();
    for (;;) {
      try {
        return await lastSequence(this.jsm, this.stream);
      } catch (err) {
        if (Date.now() - since > (this.options.faultTimeoutMs ?? 60_000)) {
          throw new Error(
            `NATS stream ${this.stream} unreachable for ${Math.round((Date.now() - since) / 1000)} s (${(err as Error).message}); ` +
              `the first ${done} transactions are acknowledged — publishing the same file again resumes (ids deduplicate)`,
          );
        }
        this.options.onRetry?.((err as Error).message);
        await sleep(250);
      }
    }
  }
}
