import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_SCOPES, scopesAllow } from '../../src/security/api-keys.js';
import { can } from '../../src/security/permissions.js';
import { addUsers, login as loginAt, PASSWORD, ringwatch, startTestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-access-'));
const db = join(dir, 'rw.db');
let base = '';
let apiKey = '';
let adminPassword = '';
let stop: () => Promise<void>;

before(async () => {
  const server = await startTestServer(db);
  ({ base, apiKey, stop } = server);
  adminPassword = server.adminPassword!;
  await addUsers(db, [['supervisor', 'supervisor'], ['analyst', 'analyst'], ['auditor', 'auditor']]);
});

after(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

const login = (username: string, password: string) => loginAt(base, username, password);

test('first-run admin must change the one-time password before anything else', async () => {
  const bad = await login('admin', 'wrong password!!');
  assert.equal(bad.status, 401);
  const first = await login('admin', adminPassword);
  assert.equal(first.status, 200);
  assert.match(first.cookie, /^rw_session=rws_/);
  const blocked = await fetch(`${base}/v1/alerts`, { headers: { cookie: first.cookie } });
  assert.equal(blocked.status, 403);
  const changed = await fetch(`${base}/v1/auth/password`, {
    method: 'POST', headers: { cookie: first.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ current: adminPassword, new: PASSWORD }),
  });
  assert.equal(changed.status, 200, await changed.text());
  const again = await login('admin', PASSWORD);
  assert.equal((await fetch(`${base}/v1/alerts`, { headers: { cookie: again.cookie } })).status, 200);
  const me = (await (await fetch(`${base}/v1/auth/me`, { headers: { cookie: again.cookie } })).json()) as { user: { role: string } };
  assert.equal(me.user.role, 'admin');
  const out = await fetch(`${base}/v1/auth/logout`, { method: 'POST', headers: { cookie: again.cookie } });
  assert.equal(out.status, 200);
  assert.equal((await fetch(`${base}/v1/auth/me`, { headers: { cookie: again.cookie } })).status, 401, 'the session ended');
});

const ROUTES: Array<[method: string, path: string, permission: string, body?: unknown]> = [
  ['POST', '/v1/transactions', 'transactions.write', { id: 'acc-1', time: '2026-03-01T00:00:00Z', from: 'A', to: 'B', amount: '10' }],
  ['POST', '/v1/transactions/batch', 'transactions.write', []],
  ['GET', '/v1/decisions/acc-1', 'alerts.read'],
  ['GET', '/v1/alerts', 'alerts.read'],
  ['GET', '/v1/accounts/A', 'alerts.read'],
  ['GET', '/v1/rings', 'alerts.read'],
  ['GET', '/v1/accounts/A/paths?to=B', 'alerts.read'],
  ['GET', '/v1/lists', 'lists.read'],
  ['POST', '/v1/lists/watch/entries', 'lists.write', { kind: 'account', value: 'Z9' }],
  ['GET', '/healthz', 'ops.read'],
  ['GET', '/metrics', 'ops.read'],
  ['GET', '/v1/auth/me', 'authenticated'],
  ['GET', '/v1/lists/watch', 'lists.read'],
  ['DELETE', '/v1/lists/watch/entries/account/NOPE', 'lists.write'],
  ['GET', '/v1/rings/ring-0000000000000000', 'alerts.read'],
  ['GET', '/v1/cases', 'alerts.read'],
  ['GET', '/v1/cases/CASE-NONE', 'alerts.read'],
  ['POST', '/v1/cases/CASE-NONE/actions', 'cases.work', { action: 'investigate' }],
  ['GET', '/v1/cases/CASE-NONE/report?format=goaml', 'cases.export'],
  ['GET', '/v1/rules', 'rules.read'],
  ['GET', '/v1/backtests', 'rules.backtest'],
  ['GET', '/v1/backtests/NOPE', 'rules.backtest'],
  ['GET', '/v1/stats', 'authenticated'],
  ['GET', '/v1/audit', 'audit.read'],
  ['GET', '/docs', 'authenticated'],
  ['GET', '/v1/keys', 'keys.manage'],
  ['DELETE', '/v1/keys/NOPE', 'keys.manage'],
];

test('every route: 401 without credentials, 403 for a role without the permission, served otherwise', async () => {
  const sessions: Record<string, string> = {};
  for (const role of ['supervisor', 'analyst', 'auditor']) sessions[role] = (await login(role, PASSWORD)).cookie;
  sessions.admin = (await login('admin', PASSWORD)).cookie;
  for (const [method, path, permission, body] of ROUTES) {
    const send = (headers: Record<string, string>) =>
      fetch(base + path, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.equal((await send({})).status, 401, `${method} ${path} without credentials`);
    const principals: Array<[string, Record<string, string>]> = [
      ['api_key', { authorization: `Bearer ${apiKey}` }],
      ...Object.entries(sessions).map(([role, cookie]): [string, Record<string, string>] => [role, { cookie }]),
    ];
    for (const [who, headers] of principals) {
      const status = (await send(headers)).status;
      // The server's first key has the default scopes (ingest, read, lists): no key management.
      const allowed = permission === 'authenticated' || (who === 'api_key' ? scopesAllow(DEFAULT_SCOPES, permission) : can(who, permission));
      if (allowed) assert.ok(status !== 401 && status !== 403, `${who} ${method} ${path} → ${status}`);
      else assert.equal(status, 403, `${who} ${method} ${path}`);
    }
  }
});

test('logins and list changes are in the audit log; editing a row in the database file is detected and named', async () => {
  const cli = (...args: string[]) => ringwatch(args);
  const ok = cli('audit', 'verify', '--db', db);
  assert.equal(ok.status, 0, ok.stderr + ok.stdout);
  assert.match(ok.stdout, /audit log intact: \d+ rows/);
  const shown = cli('audit', 'show', '--db', db, '--limit', '500').stdout;
  assert.match(shown, /\tuser:analyst\tlogin\t/);
  assert.match(shown, /\tlogin\.failed\t/);
  assert.match(shown, /\tlist\.add\twatch\t/);
  const raw = new Database(db);
  raw.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
  for (const t of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").all() as Array<{ name: string }>) raw.exec(`DROP TRIGGER ${t.name}`);
  raw.prepare("UPDATE audit_log SET details = '{\"reason\":\"nothing to see\"}' WHERE seq = 3").run();
  raw.close();
  const bad = cli('audit', 'verify', '--db', db);
  assert.equal(bad.status, 3);
  assert.match(bad.stdout, /FAILED verification at row 3: hash mismatch/);
});

test('/docs: an interactive viewer, and beside it the OpenAPI description listing every route with its summary and permission, behind credentials', async () => {
  assert.equal((await fetch(`${base}/docs`)).status, 401);
  assert.equal((await fetch(`${base}/docs/json`)).status, 401);
  assert.equal((await fetch(`${base}/docs/static/index.html`)).status, 401);
  const auth = { authorization: `Bearer ${apiKey}` };
  const viewer = await fetch(`${base}/docs/static/index.html`, { headers: auth });
  assert.equal(viewer.status, 200);
  assert.match(viewer.headers.get('content-type') ?? '', /text\/html/);
  assert.match(await viewer.text(), /swagger-ui/i);
  const spec = (await (await fetch(`${base}/docs/json`, { headers: auth })).json()) as {
    openapi: string; paths: Record<string, Record<string, { summary: string; description: string }>>;
  };
  assert.match(spec.openapi, /^3\./);
  for (const [method, path] of ROUTES.slice(0, 12)) {
    const p = path.split('?')[0].replace(/\/acc-1$/, '/{id}').replace(/\/accounts\/A\/paths/, '/accounts/{id}/paths').replace(/\/accounts\/A$/, '/accounts/{id}').replace(/\/lists\/watch\//, '/lists/{list}/');
    const op = spec.paths[p]?.[method.toLowerCase()];
    assert.ok(op, `${method} ${p} in the description`);
    assert.ok(op.summary.length > 5, `${method} ${p} has a summary`);
    assert.match(op.description, /^Permission: /);
  }
  for (const p of ['/v1/lists/{list}', '/v1/rings/{id}', '/v1/cases', '/v1/cases/{id}', '/v1/cases/{id}/actions', '/v1/cases/{id}/report', '/v1/rules', '/v1/stats', '/v1/audit', '/v1/auth/login', '/v1/auth/password']) {
    assert.ok(spec.paths[p], p);
  }
});
