import { statSync } from 'node:fs';
import type { Decision } from '../domain/decision.js';
import type { Transaction } from '../domain/transaction.js';
import type { EngineConfig } from '../engine/config.js';
import { buildScorer } from '../engine/runtime.js';
import { TransferLog } from '../engine/transfer-log.js';
import { Watchlists } from '../engine/watchlists.js';
import { ProgressBar, readTransactions } from '../ingest/index.js';
import { TimeOrderBuffer } from '../ingest/time-order.js';
import { readTable } from '../ingest/table.js';
import type { SearchRows } from '../features/split/search-feed.js';
import { SEARCH_READY_STEP } from '../features/extractor-options.js';
import { startSearchFeed } from './search-thread.js';
import { ingestOptions, openCommandStores, type IngestFlags, type StoreFlags } from './options.js';

export interface GraphSourceFlags extends IngestFlags, StoreFlags {
  listed?: string;
}

export interface GraphSource<L extends TransferLog | undefined = TransferLog> {
  /** The transfers as columns (absent when the caller needs only decisions, e.g. the gang finder). */
  log: L;
  lists: Watchlists;
  alerted: Set<string>;
  /** Whether the file's search features were computed on a second thread (see SearchFeed). */
  searchThread?: boolean;
}

/** Called with every transaction and its decision, in time order (for the gang finder). */
export type DecisionVisitor = (tx: Transaction, decision: Decision) => void;

/**
 * The transfers for ring and path analytics: from the store (without FILE: --store, --db,
 * $RINGWATCH_STORE or the default store, which must exist; its log, alerts and lists)
 * or from a file (`FILE --map ...`: scored through the engine to know the alerts; lists from
 * `--listed` CSV with kind,value).
 */
export async function loadGraphSource(file: string | undefined, flags: GraphSourceFlags, config: EngineConfig): Promise<GraphSource>;
export async function loadGraphSource(
  file: string | undefined, flags: GraphSourceFlags, config: EngineConfig, visit: { onDecision: DecisionVisitor; lists: Watchlists },
): Promise<GraphSource<undefined>>;
/**
 * With `visit`, every decision goes to `visit.onDecision` and no transfer log is built (the gang
 * finder needs none: building it took a tenth of `rings` on AMLSim's 518,000 rows); lists are
 * read into `visit.lists` before the first decision.
 */
export async function loadGraphSource(
  file: string | undefined, flags: GraphSourceFlags, config: EngineConfig, visit?: { onDecision: DecisionVisitor; lists: Watchlists },
): Promise<GraphSource<TransferLog | undefined>> {
  const log = visit ? undefined : new TransferLog(config.features);
  const lists = visit?.lists ?? new Watchlists();
  const onDecision = visit?.onDecision;
  if (file === undefined) {
    const stores = await openCommandStores(flags, { mustExist: true, durability: config.durability });
    try {
      const store = stores.transactions;
      const total = await store.count();
      // Lists first: a visitor may ask whether an account is listed.
      for (const e of await store.listEvents()) lists.apply(e);
      const bar = new ProgressBar({ totalBytes: total, label: 'read' });
      let read = 0;
      for await (const page of store.replay()) {
        if (log) for (const tx of page) log.add(tx);
        if (onDecision) {
          const scored = new Map((await store.findScored(page.map((t) => t.id))).map((x) => [x.tx.id, x.decision]));
          for (const tx of page) {
            const d = scored.get(tx.id);
            if (d) onDecision(tx, d);
          }
        }
        read += page.length;
        bar.update(read, read);
      }
      bar.finish();
      return { log, lists, alerted: await store.alertedAccounts() };
    } finally {
      await stores.close();
    }
  }
  // Lists first: a visitor may ask whether an account is listed.
  if (flags.listed) {
    for (const row of readTable(flags.listed, ['kind', 'value', 'list'])) {
      const kind = row.values.kind ?? 'account';
      if (kind !== 'account' || !row.values.value) continue;
      lists.apply({ op: 'add', after_transactions: 0, entry: { list: row.values.list ?? 'blacklist', kind: 'account', value: row.values.value, reason: '', source: flags.listed, added_at: new Date(0).toISOString() } });
    }
  }
  // A big file's search features are computed on a second thread (see SearchFeed).
  const feed = startSearchFeed(config.features, file);
  try {
    const held = new TimeOrderBuffer();
    const bar = new ProgressBar({ totalBytes: file === '-' ? undefined : statSync(file).size, label: 'read' });
    for await (const batch of readTransactions(file, ingestOptions(flags))) {
      for (const a of batch.accepted) held.add(a.tx);
      bar.update(batch.bytesRead, held.size);
    }
    bar.finish();
    const searches = feed?.beginIfWorthIt(timeOrderedRows(held));
    // The buffer interned every account once: the extractor reuses its ids instead of looking
    // each transaction's names up again (two of the costliest lookups of a big run).
    const scorer = buildScorer(config, undefined, { searches, accounts: held.accountInterner() });
    // Listed accounts are known before the first transaction, as a bank's list is: list rules see them.
    for (const e of lists.show()) if (e.kind === 'account') scorer.features.listed.addAccount(e.value);
    const alerted = new Set<string>();
    let k = 0;
    for (const tx of held.drain()) {
      if (searches && k % SEARCH_READY_STEP === 0) await searches.ready(k + SEARCH_READY_STEP);
      k++;
      log?.add(tx);
      const d = scorer.score(tx, held.lastFrom, held.lastTo);
      if (d.decision !== 'ALLOW') alerted.add(tx.from).add(tx.to);
      onDecision?.(tx, d);
    }
    return { log, lists, alerted, searchThread: searches !== undefined };
  } finally {
    await feed?.close();
  }
}

/** The buffer's rows in replay order, for the search worker (accounts by the buffer's dense ids). */
function timeOrderedRows(held: TimeOrderBuffer): SearchRows {
  const order = held.timeOrder();
  const c = held.columns();
  return {
    total: held.size,
    encode(start, end) {
      const n = end - start;
      const chunk = { start, times: new Float64Array(n), amounts: new Float64Array(n), currency: new Uint16Array(n), currencies: c.currencies, from: new Int32Array(n), to: new Int32Array(n) };
      for (let j = 0; j < n; j++) {
        const i = order === undefined ? start + j : order[start + j];
        chunk.times[j] = c.times[i];
        chunk.amounts[j] = c.amounts[i];
        chunk.currency[j] = c.currency(i);
        chunk.from[j] = c.from[i];
        chunk.to[j] = c.to[i];
      }
      return chunk;
    },
  };
}
