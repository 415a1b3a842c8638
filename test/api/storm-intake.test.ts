import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnServer } from '../helpers/serve-child.js';

const KEY = 'rw_storm_test_key';
const auth = { authorization: `Bearer ${KEY}` };


async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { headers: auth })).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  assert.ok(m, `${name} missing from /metrics`);
  return Number(m[1]);
}

async function alertsInCases(base: string): Promise<number> {
  let n = 0;
  for (let offset = 0; ; offset += 500) {
    const page = ((await (await fetch(`${base}/v1/cases?limit=500&offset=${offset}`, { headers: auth })).json()) as { cases: Array<{ alert_count: number }> }).cases;
    n += page.reduce((s, c) => s + c.alert_count, 0);
    if (page.length < 500) return n;
  }
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('alert storm: decisions answer without waiting for case filing; every alert is filed after the burst, none lost across a kill -9', { timeout: 180_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-storm-'));
  const db = join(dir, 'rw.db');
  try {
    const first = await spawnServer(db, KEY, { args: ['--durability', 'normal'] });
    let alerting = 0;
    try {
      assert.equal(await metric(first.base, 'ringwatch_case_intake_lag_alerts'), 0);
      // A burst in which nearly every transaction alerts: 300 accounts sharing ten devices.
      for (let b = 0; b < 6; b++) {
        const batch = Array.from({ length: 500 }, (_, j) => {
          const i = b * 500 + j;
          return { id: `s${i}`, time: Date.UTC(2026, 4, 1) + i * 1000, from: `S${i % 300}`, to: `R${(i * 7) % 500}`, amount: '120.00', channel: 'mobile', device: `D${i % 10}` };
        });
        const r = await fetch(`${first.base}/v1/transactions/batch`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
        const body = (await r.json()) as { accepted: number; results: Array<{ decision: string }> };
        assert.equal(body.accepted, 500);
        alerting += body.results.filter((x) => x.decision !== 'ALLOW').length;
      }
      assert.ok(alerting > 2500, `only ${alerting} of 3000 alerted`);
      const lagAtKill = await metric(first.base, 'ringwatch_case_intake_lag_alerts');
      const filedAtKill = await alertsInCases(first.base);
      assert.ok(lagAtKill >= 0 && lagAtKill <= alerting);
      t.diagnostic(`alerting=${alerting} lag_at_kill=${lagAtKill} filed_at_kill=${filedAtKill}`);
      // Killed mid-filing (when it has not caught up yet): nothing may be lost.
      first.child.kill('SIGKILL');
      await first.exited;
      const second = await spawnServer(db, KEY, { args: ['--durability', 'normal'] });
      try {
        if (filedAtKill < alerting) assert.match(second.lines, /\d+ alerts wait to be filed into cases/);
        await until(async () => (await metric(second.base, 'ringwatch_case_intake_lag_alerts')) === 0, 120_000);
        assert.equal(await alertsInCases(second.base), alerting, 'every alert in exactly one case');
        assert.equal(await metric(second.base, 'ringwatch_case_intake_lag_seconds'), 0);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
