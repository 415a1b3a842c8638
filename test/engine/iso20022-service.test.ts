import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { PaymentService } from '../../src/engine/iso20022/service.js';
import { Pipeline } from '../../src/engine/pipeline.js';
import { buildScorer } from '../../src/engine/runtime.js';
import { toPaymentMessage, validateMessage, type MessageType } from '../../src/ingest/iso20022/index.js';
import { MemoryPaymentMessageStore } from '../../src/store/memory-iso20022.js';
import { MemoryStore } from '../../src/store/memory.js';
import { pacs002, pacs008, pain001 } from '../ingest/iso20022-fixtures.js';

function message(type: MessageType, body: unknown) {
  const v = validateMessage(type, body);
  assert.ok(v.ok);
  return toPaymentMessage(v.message);
}

function engine() {
  const store = new MemoryStore();
  const pipeline = new Pipeline(buildScorer(defaultEngineConfig()), store);
  const messages = new MemoryPaymentMessageStore();
  return { store, pipeline, messages, service: new PaymentService(pipeline, messages) };
}

test('a message row whose transfer never became durable is dropped at load, so the message can come again', async () => {
  const e = engine();
  const p = message('pain.001.001.11', pain001({ e2e: 'ORPHAN-1' }));
  // As if the process stopped after the row's commit and before the transfer's.
  await e.messages.append([{ msgId: p.msgId, type: p.type, endToEndId: p.endToEndId, hash: 'x', receivedAt: new Date().toISOString(), transfer: p.transfer, facts: p.facts }]);
  assert.equal(await e.service.load(), 0);
  assert.equal((await e.messages.byEndToEndId('ORPHAN-1')).length, 0);
  const r = await e.service.submit(p);
  assert.ok(r.ok);
  assert.equal(r.answer.duplicate, false);
  assert.equal(r.answer.decision.id, 'ORPHAN-1');
});

test('an EndToEndId that is already another transaction id is a conflict, and leaves no row', async () => {
  const e = engine();
  await e.pipeline.submit({ id: 'TAKEN-1', time: Date.UTC(2026, 2, 1), from: 'X', to: 'Y', amount: 5, currency: 'USD', channel: 'transfer', from_type: 'natural', to_type: 'natural' });
  const r = await e.service.submit(message('pacs.008.001.10', pacs008({ e2e: 'TAKEN-1' })));
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.status, 409);
  assert.equal((await e.messages.byEndToEndId('TAKEN-1')).length, 0);
  assert.equal((await e.service.submit(message('pacs.002.001.12', pacs002({ e2e: 'TAKEN-1' })))).ok, false, 'no chain was left behind');
});

test('the index survives a reload from the store: replays, conflicts and status', async () => {
  const e = engine();
  const p1 = message('pain.001.001.11', pain001({ e2e: 'RL-1' }));
  assert.ok((await e.service.submit(p1)).ok);
  assert.ok((await e.service.submit(message('pacs.002.001.12', pacs002({ e2e: 'RL-1', status: 'RJCT' })))).ok);
  await e.service.flush();
  const again = new PaymentService(e.pipeline, e.messages);
  assert.equal(await again.load(), 2);
  const replay = await again.submit(p1);
  assert.ok(replay.ok && replay.answer.duplicate);
  assert.equal(replay.ok && replay.answer.transfer.status, 'rejected');
  const late = await again.submit(message('pacs.002.001.12', pacs002({ e2e: 'RL-1', status: 'ACCC' })));
  assert.equal(!late.ok && late.status, 409);
  const t = await again.transfer('RL-1');
  assert.equal(t?.status, 'rejected');
  assert.equal(t?.details.length, 2);
});

test('with the gate, a transfer message row is written just before the transfer commit, in the same round', async () => {
  const { RowGate } = await import('../../src/engine/iso20022/row-gate.js');
  const store = new MemoryStore();
  const messages = new MemoryPaymentMessageStore();
  const order: string[] = [];
  const write = messages.write.bind(messages);
  messages.write = (rows) => (order.push(`rows:${rows.map((r) => r.msgId).join(',')}`), write(rows));
  const gate = new RowGate(messages);
  const guarded = gate.guard(store);
  const append = store.append.bind(store);
  store.append = async (batch) => (order.push(`commit:${batch.map((b) => b.tx.id).join(',')}`), append(batch));
  const pipeline = new Pipeline(buildScorer(defaultEngineConfig()), guarded);
  const service = new PaymentService(pipeline, messages, { gate });
  const [a, b] = await Promise.all([
    service.submit(message('pain.001.001.11', pain001({ e2e: 'G-1' }))),
    service.submit(message('pacs.008.001.10', pacs008({ e2e: 'G-2', debtor: 'GD' }))),
  ]);
  assert.ok(a.ok && b.ok);
  assert.deepEqual(order, ['rows:M-G-1,T-G-2', 'commit:G-1,G-2'], 'one row write, then one commit, for both');
  const s = await service.submit(message('pacs.002.001.12', pacs002({ e2e: 'G-1' })));
  assert.ok(s.ok);
  assert.deepEqual(order.slice(2), ['rows:S-G-1-ACCC'], 'a status with no transfer commit is written (and synced) by the barrier');
  assert.equal((await messages.byEndToEndId('G-1')).length, 2);
});
