import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { storableErrors, InvalidTransactionError } from '../../src/domain/transaction-check.js';
import { validateTransaction, type Transaction } from '../../src/domain/transaction.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { Pipeline } from '../../src/engine/pipeline.js';
import { openEngine } from '../../src/engine/runtime.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { ringwatch, startTestServer } from '../helpers/harness.js';

/** Every name Object.prototype answers to, as sent and in other cases. */
const NAMES = [...new Set(Object.getOwnPropertyNames(Object.prototype).flatMap((n) => [n, n.toUpperCase(), n[0].toUpperCase() + n.slice(1)]))];

/** Fields whose value must come from a fixed set (or parse as a number/date): such a name is refused there. */
const ENUMERATED = ['currency', 'from_type', 'to_type', 'time', 'amount'] as const;
/** Free-text fields (ids, identifiers) and the open channel token: any such name is a valid value. */
const FREE = ['id', 'from', 'to', 'channel', 'device', 'ip', 'phone', 'country', 'counterparty_bank'] as const;

const dir = mkdtempSync(join(tmpdir(), 'rw-proto-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
function base(): Record<string, unknown> {
  seq++;
  return { id: `p${seq}`, time: Date.UTC(2026, 2, 1) + seq * 1000, from: `A${seq % 7}`, to: `B${seq % 5}`, amount: '10.00' };
}

test('validation: an Object.prototype name is never a party type, currency, time or amount', () => {
  for (const name of NAMES) {
    for (const field of ENUMERATED) {
      const v = validateTransaction({ ...base(), [field]: name }, undefined, true);
      assert.equal(v.ok, false, `${field}=${name} accepted`);
      if (!v.ok) assert.ok(v.errors.some((e) => e.field === field), `${field}=${name}: ${JSON.stringify(v.errors)}`);
    }
  }
});

test('the stores and the pipeline refuse a record the validator would refuse, before anything changes', async () => {
  const bad = { id: 'x1', time: Date.UTC(2026, 0, 1), from: 'A', to: 'B', amount: 1, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: Object.prototype } as unknown as Transaction;
  assert.deepEqual(storableErrors(bad).map((e) => e.field), ['to_type']);
  const decision = { id: 'x1', score: 0, decision: 'ALLOW' as const, reasons: [] };
  const sqlite = new SqliteStore(join(dir, 'store.db'), { durability: 'normal' });
  const memory = new MemoryStore();
  for (const store of [sqlite, memory]) {
    await assert.rejects(store.append([{ tx: bad, decision }]), InvalidTransactionError);
    assert.equal(await store.count(), 0);
  }
  const engine = await openEngine(defaultEngineConfig(), memory);
  await assert.rejects(engine.pipeline.submit({ ...bad, to_type: 'constructor' } as unknown as Transaction), (e: unknown) => e instanceof InvalidTransactionError && e.errors[0].field === 'to_type');
  assert.ok(engine.pipeline instanceof Pipeline);
  assert.equal(engine.pipeline.committed, 0);
  await sqlite.close();
});

type Surface = 'single' | 'batch' | 'ndjson';

/** Sends `records` through one surface; returns, per record, 'ok' or the error fields. */
async function send(base: string, apiKey: string, surface: Surface, tx: Record<string, unknown>): Promise<{ status: number; fields: string[] | 'ok' }> {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': surface === 'ndjson' ? 'application/x-ndjson' : 'application/json' };
  if (surface === 'single') {
    const r = await fetch(`${base}/v1/transactions`, { method: 'POST', headers, body: JSON.stringify(tx) });
    const b = (await r.json()) as { errors?: Array<{ field: string }> };
    return { status: r.status, fields: r.status === 200 ? 'ok' : (b.errors ?? []).map((e) => e.field) };
  }
  // The record goes second, after a good one: refused by index, the good one stored.
  const records = [base_(), tx];
  const body = surface === 'ndjson' ? records.map((x) => JSON.stringify(x)).join('\n') : JSON.stringify(records);
  const r = await fetch(`${base}/v1/transactions/batch`, { method: 'POST', headers, body });
  const b = (await r.json()) as { accepted: number; errors: Array<{ index: number; errors: Array<{ field: string }> }> };
  assert.equal(r.status, 200, JSON.stringify(b));
  if (b.errors.length === 0) {
    assert.equal(b.accepted, 2);
    return { status: 200, fields: 'ok' };
  }
  assert.equal(b.accepted, 1, JSON.stringify(b));
  assert.deepEqual(b.errors.map((e) => e.index), [1]);
  return { status: 400, fields: b.errors[0].errors.map((e) => e.field) };
}
const base_ = base;

for (const surface of ['single', 'batch', 'ndjson'] as const) {
  test(`HTTP ${surface}: every Object.prototype name in every string field: 400 naming the field, or stored as text; never a crash`, { timeout: 120_000 }, async () => {
    const db = join(dir, `http-${surface}.db`);
    let server = await startTestServer(db, { users: false });
    const headers = { authorization: `Bearer ${server.apiKey}` };
    try {
      for (const name of NAMES) {
        for (const field of [...ENUMERATED, ...FREE]) {
          const r = await send(server.base, server.apiKey, surface, { ...base(), [field]: name });
          if ((ENUMERATED as readonly string[]).includes(field)) {
            assert.equal(r.status, 400, `${field}=${name}`);
            assert.ok(r.fields !== 'ok' && r.fields.includes(field), `${field}=${name}: ${JSON.stringify(r.fields)}`);
          } else {
            assert.equal(r.fields, 'ok', `${field}=${name}: ${JSON.stringify(r.fields)}`);
          }
        }
      }
      if (surface === 'single') {
        // A body whose keys are prototype names: refused naming the key (or the body), never merged into an object.
        for (const name of ['__proto__', 'constructor', 'toString']) {
          const r = await fetch(`${server.base}/v1/transactions`, {
            method: 'POST', headers: { ...headers, 'content-type': 'application/json' },
            body: `{"id":"k-${name}","time":0,"from":"A","to":"B","amount":1,"${name}":{"x":1}}`,
          });
          assert.equal(r.status, 400, name);
          const b = (await r.json()) as { errors: Array<{ field: string }> };
          assert.ok(b.errors.some((e) => e.field === name || e.field === '(body)'), JSON.stringify(b));
        }
      }
      if (surface === 'single') {
        // List entries: the kind is an enumeration too.
        for (const name of NAMES) {
          const r = await fetch(`${server.base}/v1/lists/blacklist/entries`, {
            method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ kind: name, value: name }),
          });
          assert.equal(r.status, 400, name);
          const b = (await r.json()) as { errors: Array<{ field: string }> };
          assert.ok(b.errors.some((e) => e.field === 'kind'), JSON.stringify(b));
        }
      }
      assert.equal((await fetch(`${server.base}/healthz`, { headers })).status, 200);
      const d = await fetch(`${server.base}/v1/decisions/constructor`, { headers });
      assert.equal(d.status, 200);
      const before = new SqliteStore(db, { durability: 'normal' });
      const stored = await before.count();
      await before.close();
      await server.stop();
      // The log replays after a restart, every stored record intact.
      server = await startTestServer(db, { users: false });
      const h = (await (await fetch(`${server.base}/healthz`, { headers })).json()) as { transactions: number };
      assert.equal(h.transactions, stored);
      assert.ok(stored > 0);
    } finally {
      await server.stop();
    }
  });
}

test('CLI score: an Object.prototype name in a CSV enumeration is rejected with line and field, with and without --db', () => {
  const cases = NAMES.flatMap((name) => ['currency', 'from_type', 'to_type'].map((field) => ({ name, field })));
  // The CLI shows the first 20 rejections: one file per 18 cases.
  for (let chunk = 0; chunk < cases.length; chunk += 18) {
    const rows = ['id,time,from,to,amount,currency,from_type,to_type'];
    const expected: string[] = [];
    for (const { name, field } of cases.slice(chunk, chunk + 18)) {
      const values: Record<string, string> = { currency: 'CNY', from_type: 'natural', to_type: 'legal' };
      values[field] = name;
      rows.push(`c${rows.length},2026-03-01T00:00:00Z,A,B,1.00,${values.currency},${values.from_type},${values.to_type}`);
      expected.push(`line ${rows.length}: ${field}:`);
    }
    rows.push('ok1,2026-03-01T00:00:00Z,A,B,1.00,CNY,natural,legal');
    const file = join(dir, `proto-${chunk}.csv`);
    writeFileSync(file, rows.join('\n') + '\n');
    for (const extra of [[], ['--db', join(dir, `cli-${chunk}.db`)]]) {
      const r = ringwatch(['score', file, '--out', join(dir, 'proto-out.csv'), ...extra]);
      assert.equal(r.status, 0, r.stderr);
      for (const e of expected) assert.ok(r.stderr.includes(e), `${e} missing from ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`scored=1 rejected=${expected.length} `));
    }
  }
});
