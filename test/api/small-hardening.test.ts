import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { csvCell } from '../../src/domain/csv-cell.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { ringwatch, startTestServer, type TestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-small-'));
const db = join(dir, 'data', 'rw.db');
let server: TestServer;

before(async () => {
  server = await startTestServer(db);
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const key = (): Record<string, string> => ({ authorization: `Bearer ${server.apiKey}` });

test('a malformed session cookie is no session: 401, never a 500', async () => {
  for (const cookie of ['rw_session=%', 'rw_session=%E0%A4%A', 'rw_session=%zz; other=1', 'rw_session=', 'rw_session']) {
    const r = await fetch(`${server.base}/v1/auth/me`, { headers: { cookie } });
    assert.equal(r.status, 401, cookie);
    const b = (await r.json()) as { error: string };
    assert.equal(b.error, 'unauthorized');
  }
});

test('out-of-range or malformed query numbers: 400 naming the parameter, never a 500', async () => {
  const cases: Array<[string, string]> = [
    ['/v1/cases?offset=1e308', 'offset'], ['/v1/cases?offset=-1', 'offset'], ['/v1/cases?limit=1e3', 'limit'], ['/v1/cases?offset=0x10', 'offset'],
    ['/v1/cases?offset=9007199254740993', 'offset'], ['/v1/cases?offset=1&offset=2', 'offset'],
    ['/v1/alerts?before=1e308', 'before'], ['/v1/alerts?before=1.5', 'before'], ['/v1/alerts?limit=Infinity', 'limit'],
    ['/v1/rings?limit=1e308', 'limit'], ['/v1/accounts/A/paths?max_hops=1e308', 'max_hops'],
  ];
  for (const [path, field] of cases) {
    const r = await fetch(server.base + path, { headers: key() });
    assert.equal(r.status, 400, path);
    const b = (await r.json()) as { errors: Array<{ field: string }> };
    assert.equal(b.errors[0].field, field, path);
  }
  assert.equal((await fetch(`${server.base}/v1/cases?offset=0&limit=5`, { headers: key() })).status, 200);
});

test('security headers on every answer: CSP, no framing, nosniff', async () => {
  const answers = [
    await fetch(`${server.base}/v1/alerts`), // 401
    await fetch(`${server.base}/v1/alerts`, { headers: key() }), // 200
    await fetch(`${server.base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
  ];
  if (existsSync(join(process.cwd(), 'web/dist/index.html'))) answers.push(await fetch(`${server.base}/`));
  for (const r of answers) {
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/, r.url);
    assert.match(csp, /script-src 'self'(;|$)/, r.url);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /object-src 'none'/);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/);
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
  }
});

test('the database, its WAL and the audit key are created owner-only (0600); an existing 0644 database is tightened', async () => {
  for (const f of [db, `${db}-wal`, `${db}-shm`, join(dir, 'data', 'audit-signing-key.json')]) {
    if (!existsSync(f)) continue;
    assert.equal(statSync(f).mode & 0o777, 0o600, f);
  }
  assert.equal(statSync(join(dir, 'data')).mode & 0o077, 0, 'the data directory is owner-only');
  const old = join(dir, 'old.db');
  writeFileSync(old, '');
  chmodSync(old, 0o644);
  const s = new SqliteStore(old, { durability: 'normal' });
  await s.close();
  assert.equal(statSync(old).mode & 0o777, 0o600);
});

test('CSV cells: formula prefixes neutralised, quoting per RFC 4180', () => {
  assert.equal(csvCell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
  assert.equal(csvCell('+1'), "'+1");
  assert.equal(csvCell('-2'), "'-2");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('\tx'), "'\tx");
  assert.equal(csvCell('\rx'), `"'\rx"`);
  assert.equal(csvCell('=a,b'), `"'=a,b"`);
  assert.equal(csvCell('a"b'), '"a""b"');
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('-2', false), '-2');
});

test('score --out and lists show never write a live formula', () => {
  const file = join(dir, 'formula.csv');
  writeFileSync(file, "id,time,from,to,amount\n\"=cmd|' /C calc'!A0\",2026-03-01T00:00:00Z,A,B,1.00\n+1,2026-03-01T00:01:00Z,A,B,1.00\n@x,2026-03-01T00:02:00Z,A,B,1.00\n-3,2026-03-01T00:03:00Z,A,B,1.00\n");
  const out = join(dir, 'formula-out.csv');
  const r = ringwatch(['score', file, '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const ids = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  assert.deepEqual(ids, ["'=cmd|' /C calc'!A0", "'+1", "'@x", "'-3"]);
  const listsDb = join(dir, 'lists.db');
  assert.equal(ringwatch(['lists', 'add', 'account', '=HYPERLINK("http://x")', '--db', listsDb]).status, 0);
  const shown = ringwatch(['lists', 'show', '--db', listsDb]);
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /,"'=HYPERLINK\(""http:\/\/x""\)",/);
});
