import type { FieldError, Transaction } from '../domain/transaction.js';
import type { Pipeline } from '../engine/pipeline.js';
import { decodeTransaction } from './codec.js';

/** One stream message: its sequence number and body. */
export interface StreamRecord {
  seq: number;
  data: Uint8Array;
}

export interface ApplierStats {
  /** Messages read (every partition). */
  read: number;
  /** Transactions scored and stored here (this partition). */
  scored: number;
  /** Transactions of other partitions applied to the state only. */
  applied: number;
  /** Transactions of this partition already stored before (a restart): applied, not stored again. */
  alreadyStored: number;
  /** Messages whose id came earlier in the stream: skipped, as `score` skips a repeated id. */
  duplicates: number;
  /** Messages that are no storable transaction: skipped by every worker alike. */
  invalid: number;
  /** The last sequence number handled. */
  lastSeq: number;
}

/**
 * Applies a stream to one worker's engine, in stream order: every transaction advances the
 * state (graph, windows, rings) whichever partition it belongs to, so every worker's features
 * equal one process's; only the worker's own transactions are scored and stored. A repeated id
 * is skipped (the first occurrence counts, in every worker alike). Own transactions after the
 * checkpoint are looked up in the store first (a restart re-reads the stream from the start):
 * one already stored is applied, not scored or stored again, so its decision never changes or
 * doubles.
 */
export class StreamApplier {
  readonly stats: ApplierStats = { read: 0, scored: 0, applied: 0, alreadyStored: 0, duplicates: 0, invalid: 0, lastSeq: 0 };
  private readonly seen = new Set<string>();
  /** The first failed commit: the state has moved past the store, the worker must stop. */
  failure: unknown;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly owns: (tx: Transaction) => boolean,
    /** Own transactions up to this sequence are known to be stored (no lookup). */
    private readonly checkpoint = 0,
    private readonly onInvalid?: (seq: number, errors: FieldError[]) => void,
  ) {}

  /** Handles a page of consecutive messages; resolves once they are applied or queued for commit. */
  async page(records: readonly StreamRecord[]): Promise<void> {
    const txs: Array<{ seq: number; tx: Transaction; own: boolean } | undefined> = [];
    const lookup: string[] = [];
    for (const r of records) {
      this.stats.read++;
      const d = decodeTransaction(r.data);
      if (!d.ok) {
        this.stats.invalid++;
        this.onInvalid?.(r.seq, d.errors);
        txs.push(undefined);
        continue;
      }
      if (this.seen.has(d.tx.id)) {
        this.stats.duplicates++;
        txs.push(undefined);
        continue;
      }
      this.seen.add(d.tx.id);
      const own = this.owns(d.tx);
      if (own && r.seq > this.checkpoint) lookup.push(d.tx.id);
      txs.push({ seq: r.seq, tx: d.tx, own });
    }
    const stored = lookup.length ? new Set((await this.pipeline.store.findScored(lookup)).map((s) => s.tx.id)) : new Set<string>();
    for (let i = 0; i < records.length; i++) {
      this.stats.lastSeq = records[i].seq;
      const t = txs[i];
      if (!t) continue;
      if (!t.own) {
        this.pipeline.apply(t.tx);
        this.stats.applied++;
      } else if (t.seq <= this.checkpoint || stored.has(t.tx.id)) {
        this.pipeline.apply(t.tx);
        this.stats.alreadyStored++;
      } else {
        this.stats.scored++;
        this.pipeline.scoreNew(t.tx, t.seq).catch((err: unknown) => this.fail(err));
      }
    }
  }

  private fail(err: unknown): void {
    this.failure ??= err;
  }
}
