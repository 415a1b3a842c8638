import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnServer } from '../helpers/serve-child.js';
import { pacs002, pacs008, pain001 } from '../ingest/iso20022-fixtures.js';

const KEY = 'rw_iso_crash_key';


const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

function bodyFor(i: number): [string, Record<string, unknown>] {
  const chain = Math.floor(i / 3);
  const e2e = `KC-${chain}`;
  const spec = { e2e, debtor: `KD${chain % 7}`, creditor: `KC${chain % 5}`, amount: `${100 + (chain % 11)}.50` };
  if (i % 3 === 0) return ['pain.001.001.11', pain001(spec)];
  if (i % 3 === 1) return ['pacs.008.001.10', pacs008(spec)];
  return ['pacs.002.001.12', pacs002({ e2e })];
}

async function send(base: string, i: number): Promise<{ status: number; body: Record<string, any> }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const [type, body] = bodyFor(i);
  const r = await fetch(`${base}/v1/evaluate/iso20022/${type}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

test('SIGKILL while ISO 20022 chains stream in: every acknowledged message is remembered after restart', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-isocrash-'));
  const db = join(dir, 'rw.db');
  try {
    const first = await spawnServer(db, KEY);
    const acked = new Map<number, string>();
    let next = 0;
    let stop = false;
    // Chains in order per EndToEndId: one writer, several chains in flight through pipelining of 4.
    const writer = async (lane: number): Promise<void> => {
      for (let chain = lane; !stop; chain += 4) {
        for (let k = 0; k < 3 && !stop; k++) {
          const i = chain * 3 + k;
          try {
            const r = await send(first.base, i);
            if (r.status === 200) acked.set(i, JSON.stringify(r.body.decision.decision));
            else if (r.status !== 404) throw new Error(`status ${r.status}: ${JSON.stringify(r.body)}`);
          } catch (e) {
            if (!stop) throw e;
            return;
          }
          next++;
        }
      }
    };
    let failed: unknown;
    const writers = [0, 1, 2, 3].map((lane) => writer(lane).catch((e: unknown) => (failed = e)));
    const deadline = Date.now() + 60_000;
    while (acked.size < 150 && !failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    assert.equal(failed, undefined);
    assert.ok(acked.size >= 150, `only ${acked.size} acknowledged`);
    stop = true;
    await first.exited;
    await Promise.allSettled(writers);
    assert.ok(next > 0);

    const second = await spawnServer(db, KEY);
    try {
      for (const i of acked.keys()) {
        const r = await send(second.base, i);
        assert.equal(r.status, 200, `message ${i}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.duplicate, true, `message ${i} was acknowledged, so it is a replay`);
      }
      // A transfer is in the graph once: each chain's pain.001 and pacs.008 share one transaction.
      const t = await (await fetch(`${second.base}/v1/iso20022/transfers/KC-0`, { headers })).json() as { messages: unknown[]; status: string };
      assert.equal(t.messages.length, 3);
      assert.equal(t.status, 'settled');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
