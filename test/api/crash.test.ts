import assert from 'node:assert/strict';
import { presentAccountState } from '../../src/api/shape.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { openEngine } from '../../src/engine/runtime.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { spawnServer } from '../helpers/serve-child.js';

const KEY = 'rw_crash_test_key';


const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const ACCOUNTS = ['K1', 'K2', 'K3', 'K4', 'K5', 'K6'];

function txFor(i: number): Record<string, unknown> {
  return {
    id: `k${i}`,
    time: Date.UTC(2026, 2, 1) + i * 37_000,
    from: ACCOUNTS[i % 6],
    to: ACCOUNTS[(i * 7 + 1) % 6],
    amount: 10_000 + (i % 13) * 101,
    channel: i % 5 === 0 ? 'mobile' : 'transfer',
  };
}

async function accountStates(base: string): Promise<unknown[]> {
  return Promise.all(ACCOUNTS.map(async (a) => (await fetch(`${base}/v1/accounts/${a}`, { headers: auth })).json()));
}

test('SIGKILL during a stream of writes: every acknowledged id survives exactly once, features rebuilt', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-crash-'));
  const db = join(dir, 'rw.db');
  try {
    const first = await spawnServer(db, KEY);
    const acked = new Set<string>();
    let next = 0;
    let killed = false;
    const writer = async (): Promise<void> => {
      while (!killed) {
        const i = next++;
        try {
          const r = await fetch(`${first.base}/v1/transactions`, { method: 'POST', headers: auth, body: JSON.stringify(txFor(i)) });
          if (r.status === 200) acked.add(`k${i}`);
        } catch {
          return; // connection refused or reset once killed: not acknowledged
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    await new Promise((r) => setTimeout(r, 1500));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    await first.exited;
    assert.ok(acked.size > 50, `enough writes acknowledged before the kill (${acked.size})`);

    const second = await spawnServer(db, KEY);
    try {
      for (const id of acked) {
        const r = await fetch(`${second.base}/v1/decisions/${id}`, { headers: auth });
        assert.equal(r.status, 200, `acknowledged ${id} survived`);
      }
      // Exactly once: the log has each id once, and re-sending an acknowledged id is a duplicate.
      const store = new SqliteStore(db, { durability: 'normal' });
      const ids: string[] = [];
      for await (const page of store.replay()) ids.push(...page.map((t) => t.id));
      assert.equal(new Set(ids).size, ids.length);
      for (const id of acked) assert.ok(ids.includes(id));
      const some = [...acked][0];
      const again = await fetch(`${second.base}/v1/transactions`, { method: 'POST', headers: auth, body: JSON.stringify(txFor(Number(some.slice(1)))) });
      assert.equal(((await again.json()) as { duplicate: boolean }).duplicate, true);

      // Features after restart equal a fresh replay of the durable log.
      const { pipeline } = await openEngine(defaultEngineConfig(), store);
      const features = pipeline.scorer.features;
      const expected = ACCOUNTS.map((a) => presentAccountState(features.accountState(a)!, features.config.baseCurrency));
      assert.deepEqual(await accountStates(second.base), JSON.parse(JSON.stringify(expected)));
      await store.close();
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
