import type { MessagePort } from 'node:worker_threads';
import type { Transaction } from '../../domain/transaction.js';
import { Interner } from '../../graph/interner.js';
import type { FeatureConfig } from '../config.js';
import { FeatureExtractor } from '../extractor.js';
import type { SearchChunk, SearchReply, SearchWorkerData } from './protocol.js';

/**
 * The search worker's loop: an extractor that computes only the search features, fed the rows of
 * each chunk in order, answering each chunk with the values at the search slots and the cut count
 * per row. An error ends the work and is reported once.
 */
export function runSearchWorker(port: Pick<MessagePort, 'on' | 'postMessage'>, data: SearchWorkerData): void {
  const extractor = new FeatureExtractor(data.config as FeatureConfig, { searchesOnly: true });
  const slots = extractor.searchSlots();
  const cutAt = extractor.names.indexOf('search_truncated');
  const width = slots.length + 1;
  const out = extractor.newVector();
  const names = new Interner();
  // Only time, amount and currency are read by the search features; the rest is placeholder.
  const tx: Transaction = { id: '', time: 0, from: '', to: '', amount: 0, currency: '', channel: '', from_type: 'natural', to_type: 'natural' };
  let failed = false;
  port.on('message', (chunk: SearchChunk) => {
    if (failed) return;
    try {
      const n = chunk.times.length;
      const from = chunk.from ?? new Int32Array(n);
      const to = chunk.to ?? new Int32Array(n);
      const text = chunk.names;
      const ends = chunk.nameEnds;
      if (text !== undefined && ends !== undefined) {
        if (ends.length !== 2 * n) throw new Error(`chunk at ${chunk.start}: ${ends.length} names for ${n} rows`);
        let at = 0;
        for (let i = 0; i < n; i++) {
          from[i] = names.intern(text.slice(at, ends[2 * i]));
          at = ends[2 * i];
          to[i] = names.intern(text.slice(at, ends[2 * i + 1]));
          at = ends[2 * i + 1];
        }
      }
      const values = new Float64Array(n * width);
      for (let i = 0; i < n; i++) {
        tx.time = chunk.times[i];
        tx.amount = chunk.amounts[i];
        tx.currency = chunk.currencies[chunk.currency[i]];
        extractor.applyDense(tx, from[i], to[i], out);
        const o = i * width;
        for (let k = 0; k < slots.length; k++) values[o + k] = out[slots[k]];
        values[o + slots.length] = out[cutAt];
      }
      const reply: SearchReply = { kind: 'result', result: { start: chunk.start, values } };
      port.postMessage(reply, [values.buffer]);
    } catch (e) {
      failed = true;
      const reply: SearchReply = { kind: 'error', message: (e as Error).stack ?? String(e) };
      port.postMessage(reply);
    }
  });
}
