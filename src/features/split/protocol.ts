/**
 * Messages between a batch run's main thread and its search worker (see `SearchFeed`). Rows are
 * numbered in apply order from 0; chunks go out and results come back in that order.
 */

/** Rows start … start + n − 1 to compute: what the search features read of each transaction. */
export interface SearchChunk {
  start: number;
  /** Event times (epoch ms) and amounts in the transaction's currency. */
  times: Float64Array;
  amounts: Float64Array;
  /** Index into `currencies` per row. */
  currency: Uint16Array;
  currencies: string[];
  /** Dense ids of payer and payee (ids from 0, one per account) … */
  from?: Int32Array;
  to?: Int32Array;
  /** … or their names: payer and payee of each row in turn, concatenated, and where each ends. */
  names?: string;
  nameEnds?: Int32Array;
}

/** The search features of a chunk's rows: per row the values at the search slots, then the cut count. */
export interface SearchResult {
  start: number;
  values: Float64Array;
}

/** What the worker is started with. */
export interface SearchWorkerData {
  /** The feature configuration (plain data), the same as the main thread's extractor's. */
  config: unknown;
}

export type SearchReply = { kind: 'result'; result: SearchResult } | { kind: 'error'; message: string };
