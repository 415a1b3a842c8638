import { statSync } from 'node:fs';
import type { Decision } from '../domain/decision.js';
import type { Transaction } from '../domain/transaction.js';
import type { EngineConfig } from '../engine/config.js';
import { buildScorer, openStore } from '../engine/runtime.js';
import { TransferLog } from '../engine/transfer-log.js';
import { Watchlists } from '../engine/watchlists.js';
import { ProgressBar, readTransactions } from '../ingest/index.js';
import { readTable } from '../ingest/table.js';
import { ingestOptions, type IngestFlags } from './options.js';

export interface GraphSourceFlags extends IngestFlags {
  db?: string;
  listed?: string;
}

export interface GraphSource {
  log: TransferLog;
  lists: Watchlists;
  alerted: Set<string>;
}

/** Called with every transaction and its decision, in time order (for the gang finder). */
export type DecisionVisitor = (tx: Transaction, decision: Decision) => void;

/**
 * The transfers for ring and path analytics: from the store (`--db`: its log, alerts and lists)
 * or from a file (`FILE --map ...`: scored through the engine to know the alerts; lists from
 * `--listed` CSV with kind,value).
 */
export async function loadGraphSource(file: string | undefined, flags: GraphSourceFlags, config: EngineConfig, onDecision?: DecisionVisitor): Promise<GraphSource> {
  const log = new TransferLog(config.features);
  const lists = new Watchlists();
  if (file === undefined) {
    if (!flags.db) throw new Error('give a FILE (with --map) or --db PATH');
    const store = openStore(flags.db, config);
    try {
      const total = await store.count();
      const bar = new ProgressBar({ totalBytes: total, label: 'read' });
      for await (const page of store.replay()) {
        for (const tx of page) log.add(tx);
        if (onDecision) {
          const scored = new Map((await store.findScored(page.map((t) => t.id))).map((x) => [x.tx.id, x.decision]));
          for (const tx of page) {
            const d = scored.get(tx.id);
            if (d) onDecision(tx, d);
          }
        }
        bar.update(log.size, log.size);
      }
      bar.finish();
      for (const e of await store.listEvents()) lists.apply(e);
      return { log, lists, alerted: await store.alertedAccounts() };
    } finally {
      await store.close();
    }
  }
  const scorer = buildScorer(config);
  const alerted = new Set<string>();
  const txs = [];
  const bar = new ProgressBar({ totalBytes: file === '-' ? undefined : statSync(file).size, label: 'read' });
  for await (const batch of readTransactions(file, ingestOptions(flags))) {
    for (const a of batch.accepted) txs.push(a.tx);
    bar.update(batch.bytesRead, txs.length);
  }
  bar.finish();
  txs.sort((a, b) => a.time - b.time);
  for (const tx of txs) {
    log.add(tx);
    const d = scorer.score(tx);
    if (d.decision !== 'ALLOW') alerted.add(tx.from).add(tx.to);
    onDecision?.(tx, d);
  }
  if (flags.listed) {
    for (const row of readTable(flags.listed, ['kind', 'value', 'list'])) {
      const kind = row.values.kind ?? 'account';
      if (kind !== 'account' || !row.values.value) continue;
      lists.apply({ op: 'add', after_transactions: 0, entry: { list: row.values.list ?? 'blacklist', kind: 'account', value: row.values.value, reason: '', source: flags.listed, added_at: new Date(0).toISOString() } });
    }
  }
  return { log, lists, alerted };
}
