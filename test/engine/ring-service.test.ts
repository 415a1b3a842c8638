import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { RingService } from '../../src/engine/ring-service.js';
import { Watchlists } from '../../src/engine/watchlists.js';
import { MemoryStore } from '../../src/store/memory.js';

const T0 = Date.UTC(2026, 2, 1);
const tx = (id: string, from: string, to: string, minutes: number): Transaction => ({
  id, time: T0 + minutes * 60_000, from, to, amount: 1000_00, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural',
});

test('the transfer log behind path queries is let go once unused for the age limit, and rebuilt on the next query', async () => {
  const store = new MemoryStore();
  const allow = { score: 0, decision: 'ALLOW' as const, reasons: [] };
  await store.append([tx('p1', 'A', 'B', 0), tx('p2', 'B', 'C', 5), tx('p3', 'C', 'D', 9)].map((t) => ({ tx: t, decision: { id: t.id, ...allow } })));
  const rings = new RingService(store, defaultEngineConfig(), new Watchlists(), 1000);
  const ask = () => rings.paths({ from: 'A', to: { account: 'D' }, maxHops: 4, k: 1, maxVisited: 1000 });
  assert.equal(rings.holdsTransferLog, false, 'nothing is read before a query');
  const first = await ask();
  assert.deepEqual(first.named[0].accounts, ['A', 'B', 'C', 'D']);
  assert.equal(rings.holdsTransferLog, true);
  // Used again within the limit: still held (the idle time restarts).
  await sleep(700);
  await ask();
  await sleep(700);
  assert.equal(rings.holdsTransferLog, true, 'built 1.4 s ago but used 0.7 s ago, limit 1 s');
  await sleep(1500);
  assert.equal(rings.holdsTransferLog, false, 'idle past the limit: released');
  const again = await ask();
  assert.deepEqual(again.named, first.named, 'rebuilt from the store, same answer');
  assert.equal(rings.holdsTransferLog, true);
});
