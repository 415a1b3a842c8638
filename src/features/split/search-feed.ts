import { Worker } from 'node:worker_threads';
import type { Transaction } from '../../domain/transaction.js';
import { Interner } from '../../graph/interner.js';
import type { FeatureConfig } from '../config.js';
import type { PrecomputedSearches } from '../extractor-options.js';
import type { SearchChunk, SearchReply, SearchWorkerData } from './protocol.js';

/** The rows of a batch run in apply order, encoded a chunk at a time for the worker. */
export interface SearchRows {
  readonly total: number;
  encode(start: number, end: number): SearchChunk;
}

export interface SearchFeedOptions {
  /** Rows per chunk (default 8,192). */
  chunk?: number;
  /** Chunks sent ahead of the row being scored (default 8): bounds the memory results take. */
  ahead?: number;
}

/** Fewer rows than this are scored on one thread: starting the worker costs about 0.1 s. */
export const MIN_SPLIT_ROWS = 20_000;

/**
 * The search features of a batch run (scatter-gather, cycles, layering and the amount profile:
 * a third to a half of scoring a transfer) computed on a worker thread ahead of the main thread, which
 * computes the rest and takes these (`PrecomputedSearches`). The worker keeps its own copy of the
 * transfer graph, fed the same rows in the same order, so the values are the ones the main thread
 * would compute: the split changes the speed, never a feature (tested by comparing the two).
 *
 * The caller awaits `ready(n)` before applying rows below n; `take` never blocks. Written with
 * worker_threads and structured clones rather than a shared ring buffer: a chunk of 8,192 rows is
 * one message each way, and an awaited promise lets a worker's failure reach the caller instead
 * of leaving the main thread blocked in Atomics.wait.
 */
export class SearchFeed implements PrecomputedSearches {
  private readonly worker: Worker;
  private readonly chunk: number;
  private readonly ahead: number;
  /** Chunks sent, whose results are pending or unread, in order. */
  private readonly sent: SearchChunk[] = [];
  private readonly results: Float64Array[] = [];
  private posted = 0;
  private received = 0;
  /** The next row `take` hands out, and where it is in the first unread chunk. */
  private row = 0;
  private offset = 0;
  private failure: Error | undefined;
  /** Callers of `ready` still waiting, each for its row count. */
  private waiting: Array<{ upTo: number; resolve: () => void; reject: (e: Error) => void }> = [];
  private rows: SearchRows = { total: 0, encode: () => { throw new Error('search feed: no rows yet'); } };
  private begun = false;

  /**
   * Starts the worker at once (it loads its modules while the caller reads its file); the rows
   * follow with `begin`.
   */
  constructor(config: FeatureConfig, options: SearchFeedOptions = {}) {
    this.chunk = options.chunk ?? 8192;
    this.ahead = options.ahead ?? 8;
    const data: SearchWorkerData = { config };
    this.worker = new Worker(new URL('./search-worker.js', import.meta.url), { workerData: data });
    this.worker.on('message', (m: SearchReply) => {
      if (m.kind === 'error') this.fail(new Error(`search worker: ${m.message}`));
      else {
        this.results.push(m.result.values);
        this.received += this.sent[this.results.length - 1].times.length;
        this.wake();
      }
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      if (!this.begun || this.received < this.rows.total) this.fail(new Error(`search worker exited (code ${code}) after ${this.received} of ${this.rows.total} rows`));
    });
    // The worker keeps the process alive only while someone awaits it (`ready`): a run that ends
    // or fails early just exits. (After the listeners: attaching one refs the worker again.)
    this.worker.unref();
  }

  /** The rows to compute, in the order they will be applied (once). */
  begin(rows: SearchRows): void {
    if (this.begun) throw new Error('search feed: rows already given');
    this.rows = rows;
    this.begun = true;
  }

  /**
   * Begins with `rows` and returns this feed when they are enough to pay for the worker
   * (MIN_SPLIT_ROWS); otherwise undefined: the caller computes the search features itself (and
   * still closes the feed).
   */
  beginIfWorthIt(rows: SearchRows): SearchFeed | undefined {
    if (rows.total < MIN_SPLIT_ROWS) return undefined;
    this.begin(rows);
    return this;
  }

  /** Resolves once the search features of rows below `upTo` are here (and sends more work ahead). */
  ready(upTo: number): Promise<void> {
    if (!this.begun) return Promise.reject(new Error('search feed: ready() before begin()'));
    const want = Math.min(upTo, this.rows.total);
    while (this.posted < this.rows.total && this.posted < want + this.ahead * this.chunk) {
      // The first chunk is small: the main thread waits for it before it can start.
      const end = Math.min(this.rows.total, this.posted + (this.posted === 0 ? Math.min(1024, this.chunk) : this.chunk));
      const c = this.rows.encode(this.posted, end);
      this.sent.push(c);
      this.worker.postMessage(c);
      this.posted = end;
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.received >= want) return Promise.resolve();
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.push({ upTo: want, resolve, reject });
    });
  }

  take(tx: Transaction, out: Float64Array, slots: Int32Array): number {
    if (this.results.length === 0) throw new Error(`search features of row ${this.row} taken before they were ready`);
    const c = this.sent[0];
    const i = this.offset;
    // A cheap check that the main thread applies the rows in the order they were sent.
    if (c.times[i] !== tx.time || c.amounts[i] !== tx.amount) {
      throw new Error(`search features out of step at row ${this.row}: transaction ${JSON.stringify(tx.id)} is not the one sent`);
    }
    const v = this.results[0];
    const w = slots.length;
    const o = i * (w + 1);
    for (let k = 0; k < w; k++) out[slots[k]] = v[o + k];
    const cut = v[o + w];
    this.row++;
    if (++this.offset === c.times.length) {
      this.sent.shift();
      this.results.shift();
      this.offset = 0;
    }
    return cut;
  }

  /** Stops the worker (at the end of the run, or when it is abandoned). */
  async close(): Promise<void> {
    this.begun = true;
    this.received = this.rows.total; // an exit now is expected
    await this.worker.terminate();
  }

  private wake(): void {
    const due = this.waiting.filter((w) => this.received >= w.upTo);
    if (due.length === 0) return;
    this.waiting = this.waiting.filter((w) => this.received < w.upTo);
    if (this.waiting.length === 0) this.worker.unref();
    for (const w of due) w.resolve();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const waiting = this.waiting;
    this.waiting = [];
    this.worker.unref();
    for (const w of waiting) w.reject(this.failure);
  }
}

/** Rows given as transactions (in apply order): accounts go by name (any characters), the worker interns them. */
export function transactionRows(txs: readonly Transaction[]): SearchRows {
  const currencies = new Interner();
  return {
    total: txs.length,
    encode(start, end) {
      const n = end - start;
      const times = new Float64Array(n);
      const amounts = new Float64Array(n);
      const currency = new Uint16Array(n);
      const names: string[] = [];
      const nameEnds = new Int32Array(2 * n);
      let at = 0;
      for (let i = 0; i < n; i++) {
        const tx = txs[start + i];
        times[i] = tx.time;
        amounts[i] = tx.amount;
        const code = currencies.intern(tx.currency);
        if (code > 0xffff) throw new RangeError('more than 65,536 currencies in one run');
        currency[i] = code;
        names.push(tx.from, tx.to);
        nameEnds[2 * i] = at += tx.from.length;
        nameEnds[2 * i + 1] = at += tx.to.length;
      }
      return { start, times, amounts, currency, currencies: currencies.list(), names: names.join(''), nameEnds };
    },
  };
}
