import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pacs002, pacs008 } from '../ingest/iso20022-fixtures.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/src/cli/main.js');
const E2E = join(ROOT, 'web/e2e/iso20022.e2e.mjs');
const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery staple';
const KEY = 'rw_iso_e2e_key';

const missing = !existsSync(CHROMIUM) || !existsSync(join(ROOT, 'web/dist/index.html'));
if (missing && process.env.CI) throw new Error('browser test needs /usr/bin/chromium and the built dashboard (web/dist)');

function startServer(db: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--db', db, '--port', '0'], { env: { ...process.env, RINGWATCH_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) (clearTimeout(timer), resolve({ child, base: m[1] }));
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  });
}

test('the case page shows the ISO 20022 facts of its alerts (Chromium)', { skip: missing && 'no chromium or web/dist here', timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-isoe2e-'));
  const db = join(dir, 'rw.db');
  try {
    const add = spawnSync(process.execPath, [MAIN, 'users', 'add', 'analyst', '--role', 'analyst', '--password-env', 'PW', '--db', db], { encoding: 'utf8', env: { ...process.env, PW: PASSWORD } });
    assert.equal(add.status, 0, add.stderr);
    const { child, base } = await startServer(db);
    try {
      const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
      // Eight debtors sharing one mobile number: the shared-phone rule raises alerts, and cases are filed.
      let alerted = '';
      for (let i = 0; i < 8; i++) {
        const e2e = `E2E-UI-${i}`;
        const r = await fetch(`${base}/v1/evaluate/iso20022/pacs.008.001.10`, { method: 'POST', headers, body: JSON.stringify(pacs008({ e2e, debtor: `UI-D${i}`, creditor: 'UI-C' })) });
        const body = (await r.json()) as { decision: { decision: string } };
        assert.equal(r.status, 200);
        await fetch(`${base}/v1/evaluate/iso20022/pacs.002.001.12`, { method: 'POST', headers, body: JSON.stringify(pacs002({ e2e })) });
        if (body.decision.decision !== 'ALLOW') alerted = e2e;
      }
      assert.ok(alerted, 'some transfer raised an alert');
      let caseId = '';
      for (let tries = 0; tries < 50 && !caseId; tries++) {
        const list = (await (await fetch(`${base}/v1/cases?limit=50`, { headers })).json()) as { cases: Array<{ id: string }> };
        for (const c of list.cases ?? []) {
          const detail = (await (await fetch(`${base}/v1/cases/${c.id}`, { headers })).json()) as { alerts: Array<{ transaction_id: string }> };
          if (detail.alerts.some((a) => a.transaction_id === alerted)) caseId = c.id;
        }
        if (!caseId) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(caseId, 'the alert was filed into a case');
      const r = spawnSync(process.execPath, [E2E], {
        encoding: 'utf8', timeout: 180_000,
        env: { ...process.env, BASE_URL: base, ANALYST_USER: 'analyst', ANALYST_PASSWORD: PASSWORD, CASE_ID: caseId, END_TO_END_ID: alerted },
      });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout.trim().split('\n').at(-1) ?? '', /^6 passed, 0 failed$/);
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
