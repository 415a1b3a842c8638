import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { browserMissing, e2eScript } from '../helpers/browser.js';
import { MAIN, PASSWORD } from '../helpers/harness.js';
import { spawnServer } from '../helpers/serve-child.js';

const E2E = e2eScript('dashboard.e2e.mjs');

const missing = browserMissing();


test('dashboard in Chromium: log in, queue, case graph, language, close as false positive, auditor finds it', { skip: missing, timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-e2e-'));
  const db = join(dir, 'rw.db');
  const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, PW: PASSWORD }, timeout: 120_000 });
  try {
    // Loops of first-time links count as rare at any rate here, so the small bank's gangs carry
    // them (its planted cycles among them) and the rings page lists them.
    const config = join(dir, 'engine.json');
    writeFileSync(config, JSON.stringify({ new_link_cycle_rare_rate: 10_000 }));
    const demo = cli('demo', '--no-serve', '--transactions', '20000', '--accounts', '600', '--days', '45', '--db', db, '--config', config);
    assert.equal(demo.status, 0, demo.stderr);
    assert.match(demo.stdout, /cases filed/);
    // 45 days: gangs use evidence past the first 30 (the burn-in), and the dashboard test follows one.
    assert.match(demo.stdout, /[1-9]\d* ring cases for/);
    for (const role of ['analyst', 'auditor', 'supervisor']) assert.equal(cli('users', 'add', role, '--role', role, '--password-env', 'PW', '--db', db).status, 0);
    assert.equal(cli('users', 'add', 'chief', '--role', 'admin', '--password-env', 'PW', '--db', db).status, 0);
    const { child, base } = await spawnServer(db);
    try {
      const r = spawnSync(process.execPath, [E2E], {
        encoding: 'utf8', timeout: 240_000,
        env: { ...process.env, BASE_URL: base, ANALYST_USER: 'analyst', ANALYST_PASSWORD: PASSWORD, AUDITOR_USER: 'auditor', AUDITOR_PASSWORD: PASSWORD, SUPERVISOR_USER: 'supervisor', SUPERVISOR_PASSWORD: PASSWORD, ADMIN_USER: 'chief', ADMIN_PASSWORD: PASSWORD },
      });
      const last = r.stdout.trim().split('\n').at(-1) ?? '';
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(last, /^\d+ passed, 0 failed$/);
      assert.match(r.stdout, /^ok - supervisor runs a what-if backtest on the rules page$/m);
      assert.match(r.stdout, /^ok - analyst sees the loops a gang closed on its ring panel$/m);
      // The overview's numbers equal the store's counts (checked in the admin's step).
      assert.match(r.stdout, /^ok - admin signs in and sees the audit log$/m);
      assert.match(r.stdout, /^ok - admin works a new case to "reported"/m);
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
