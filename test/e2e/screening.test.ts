import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { browserMissing, e2eScript } from '../helpers/browser.js';
import { MAIN, PASSWORD } from '../helpers/harness.js';
import { spawnServer } from '../helpers/serve-child.js';

const E2E = e2eScript('screening.e2e.mjs');

const missing = browserMissing();


test('name screening in Chromium: lists with versions, a name search with reasons, a screening case side by side and masked', { skip: missing, timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rw-screen-e2e-'));
  const db = join(dir, 'rw.db');
  const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, PW: PASSWORD }, timeout: 120_000 });
  try {
    assert.equal(cli('users', 'add', 'analyst', '--role', 'analyst', '--password-env', 'PW', '--db', db).status, 0);
    writeFileSync(join(dir, 'parties.ndjson'), [
      JSON.stringify({ account: 'A1', party_type: 'natural', person: { name: '張偉明', birthdate: '1980-05-01', id_number: '440305198005011234', nationality: 'CN' } }),
      JSON.stringify({ account: 'C1', party_type: 'natural', person: { name: 'Peter Miller' } }),
    ].join('\n'));
    assert.equal(cli('parties', 'import', join(dir, 'parties.ndjson'), '--db', db).status, 0);
    const head = 'list_id,name,kind,aliases,country,dob,source,id_no\n';
    writeFileSync(join(dir, 'v1.csv'), `${head}CN-2,吴婷秀,person,,CN,1969-01-21,t,\n`);
    writeFileSync(join(dir, 'v2.csv'), `${head}CN-1,张伟明,person,Zhang Weiming,CN,1980-05-01,CN-BLACKLIST,440305********1234\nCN-2,吴婷秀,person,,CN,1969-01-21,t,\n`);
    assert.equal(cli('lists', 'import', join(dir, 'v1.csv'), '--format', 'csv', '--list', 'cn', '--as-of', '2026-01-01', '--db', db).status, 0);
    const v2 = cli('lists', 'import', join(dir, 'v2.csv'), '--format', 'csv', '--list', 'cn', '--as-of', '2026-02-01', '--db', db);
    assert.equal(v2.status, 0, v2.stderr);
    assert.match(v2.stdout, /1 new alerts \(1 screening cases opened/);
    const { child, base } = await spawnServer(db);
    try {
      // The screening case, found through the API as the dashboard would.
      const login = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'analyst', password: PASSWORD }) });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      const list = (await (await fetch(`${base}/v1/cases?account=A1`, { headers: { cookie } })).json()) as { cases: Array<{ id: string; kind: string }> };
      const screening = list.cases.find((c) => c.kind === 'screening');
      assert.ok(screening, JSON.stringify(list));
      const r = spawnSync(process.execPath, [E2E], {
        encoding: 'utf8', timeout: 180_000,
        env: { ...process.env, BASE_URL: base, ANALYST_USER: 'analyst', ANALYST_PASSWORD: PASSWORD, CASE_ID: screening.id },
      });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout.trim().split('\n').at(-1) ?? '', /^9 passed, 0 failed$/);
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
