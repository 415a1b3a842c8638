import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { browserMissing, e2eScript } from '../helpers/browser.js';
import { MAIN, PASSWORD } from '../helpers/harness.js';
import { spawnServer } from '../helpers/serve-child.js';
import { pacs002, pacs008 } from '../ingest/iso20022-fixtures.js';

const E2E = e2eScript('iso20022.e2e.mjs');
const KEY = 'rw_iso_e2e_key';

const missing = browserMissing();


test('the case page shows the ISO 20022 facts of its alerts (Chromium)', { skip: missing, timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-isoe2e-'));
  const db = join(dir, 'rw.db');
  try {
    const add = spawnSync(process.execPath, [MAIN, 'users', 'add', 'analyst', '--role', 'analyst', '--password-env', 'PW', '--db', db], { encoding: 'utf8', env: { ...process.env, PW: PASSWORD } });
    assert.equal(add.status, 0, add.stderr);
    const { child, base } = await spawnServer(db, KEY);
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
