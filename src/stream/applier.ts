import type { ListEvent } from '../domain/list.js';
import type { FieldError, Transaction } from '../domain/transaction.js';
import type { Pipeline } from '../engine/pipeline.js';
import type { Watchlists } from '../engine/watchlists.js';
import { decodeListChange, decodeTransaction } from './codec.js';
import { SeenIds, type SeenOptions } from './seen.js';

/** One stream message: its sequence number, body, and whether it is a list change (else a transaction). */
export interface StreamRecord {
  seq: number;
  data: Uint8Array;
  kind?: 'tx' | 'list';
}

export interface ApplierOptions {
  /** Own transactions up to this sequence are known to be stored (no lookup). */
  checkpoint?: number;
  onInvalid?: (seq: number, errors: FieldError[]) => void;
  /** The watchlists list changes apply to (the engine's features hear them); without, list messages are counted and skipped. */
  lists?: Watchlists;
  /**
   * List changes made in the store directly (not through the stream), applied as replay applies
   * them: after their `after_transactions` count of the stream's transactions.
   */
  storedLists?: readonly ListEvent[];
  /** Record the stream's list changes in the store (each position once), for replay and `lists show`. */
  recordLists?: boolean;
  /** How the ids met are remembered (bounded: an exact window and a fixed-size filter). */
  seen?: SeenOptions;
  /**
   * Resolves once every partition's decisions up to stream sequence `upTo` are durable in the store,
   * so the store can settle whether an id met before the exact window is a repeat (a worker waits
   * on the others' checkpoints). Without it the store is asked at once (a follower that decides nothing).
   */
  settle?: (upTo: number) => Promise<void>;
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
  /** Messages that are no storable transaction (or list change): skipped by every worker alike. */
  invalid: number;
  /** List changes applied (from the stream, and made in the store directly). */
  listChanges: number;
  /** The last sequence number handled. */
  lastSeq: number;
  /** Ids remembered exactly after the last page (at most about the window). */
  idsHeld: number;
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
  readonly stats: ApplierStats = { read: 0, scored: 0, applied: 0, alreadyStored: 0, duplicates: 0, invalid: 0, listChanges: 0, lastSeq: 0, idsHeld: 0 };
  private readonly seen: SeenIds;
  /** The first failed commit: the state has moved past the store, the worker must stop. */
  failure: unknown;
  private readonly checkpoint: number;
  /** Transactions of the stream applied so far (every partition; duplicates and invalid ones not counted). */
  private transactions = 0;
  private readonly storedLists: readonly ListEvent[];
  private nextStoredList = 0;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly owns: (tx: Transaction) => boolean,
    private readonly options: ApplierOptions = {},
  ) {
    this.checkpoint = options.checkpoint ?? 0;
    this.storedLists = options.storedLists ?? [];
    this.seen = new SeenIds(options.seen);
  }

  /** Ids remembered exactly right now (bounded by the window). */
  get idsHeld(): number {
    return this.seen.size;
  }

  /** Handles a page of consecutive messages; resolves once they are applied or queued for commit. */
  async page(records: readonly StreamRecord[]): Promise<void> {
    const txs: Array<{ seq: number; tx: Transaction; own: boolean; maybe: boolean } | { seq: number; list: Pick<ListEvent, 'op' | 'entry'> } | undefined> = [];
    const lookup: string[] = [];
    let lastMaybe = 0;
    for (const r of records) {
      this.stats.read++;
      if (r.kind === 'list') {
        const l = decodeListChange(r.data);
        if (!l.ok) {
          this.stats.invalid++;
          this.options.onInvalid?.(r.seq, l.errors);
        }
        txs.push(l.ok ? { seq: r.seq, list: l.change } : undefined);
        continue;
      }
      const d = decodeTransaction(r.data);
      if (!d.ok) {
        this.stats.invalid++;
        this.options.onInvalid?.(r.seq, d.errors);
        txs.push(undefined);
        continue;
      }
      const known = this.seen.check(d.tx.id, r.seq);
      if (known === 'seen') {
        this.stats.duplicates++;
        txs.push(undefined);
        continue;
      }
      const own = this.owns(d.tx);
      const maybe = known === 'maybe';
      if (maybe) lastMaybe = r.seq;
      if (maybe || (own && r.seq > this.checkpoint)) lookup.push(d.tx.id);
      txs.push({ seq: r.seq, tx: d.tx, own, maybe });
    }
    // An id met longer ago than the window is settled by the store, once everything up to the
    // window's start is durable there (its first occurrence, if any, is older than that).
    if (lastMaybe > 0) await this.options.settle?.(lastMaybe - this.seen.window);
    const stored = new Map<string, number>();
    if (lookup.length) for (const s of await this.pipeline.store.findScored(lookup)) stored.set(s.tx.id, s.position ?? 0);
    const record: ListEvent[] = [];
    for (let i = 0; i < records.length; i++) {
      this.stats.lastSeq = records[i].seq;
      const t = txs[i];
      if (!t) continue;
      this.applyStoredLists();
      if ('list' in t) {
        // At its stream position: after every transaction before it, before every one after it.
        this.stats.listChanges++;
        const event: ListEvent = { ...t.list, after_transactions: this.transactions, position: t.seq };
        this.options.lists?.apply(event);
        if (this.options.recordLists) record.push(event);
        continue;
      }
      const at = stored.get(t.tx.id);
      if (t.maybe && at !== undefined && at < t.seq) {
        // Its first occurrence is older than the window: a repeat, skipped as `score` skips it.
        this.stats.duplicates++;
        continue;
      }
      this.transactions++;
      if (!t.own) {
        this.pipeline.apply(t.tx);
        this.stats.applied++;
      } else if (t.seq <= this.checkpoint || at !== undefined) {
        this.pipeline.apply(t.tx);
        this.stats.alreadyStored++;
      } else {
        this.stats.scored++;
        this.pipeline.scoreNew(t.tx, t.seq).catch((err: unknown) => this.fail(err));
      }
    }
    this.stats.idsHeld = this.seen.size;
    // Each worker records them (the store keeps each position once), so any one running is enough.
    for (const e of record) await this.pipeline.store.appendListEvent(e);
  }

  /** Applies the store's own list changes whose turn has come (after that many transactions). */
  private applyStoredLists(): void {
    while (this.nextStoredList < this.storedLists.length && this.storedLists[this.nextStoredList].after_transactions <= this.transactions) {
      this.options.lists?.apply(this.storedLists[this.nextStoredList++]);
      this.stats.listChanges++;
    }
  }

  private fail(err: unknown): void {
    this.failure ??= err;
  }
}
