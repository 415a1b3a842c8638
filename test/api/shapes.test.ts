import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { login, PASSWORD, startTestServer, type TestServer } from '../helpers/harness.js';
import { pacs008 } from '../ingest/iso20022-fixtures.js';
import { SqlitePartyStore } from '../../src/store/sqlite-parties.js';

/**
 * One schema test over every route: money is a decimal string in major units with an ISO currency
 * beside it (same object or one that holds it), times are ISO strings, reasons have one shape, and
 * every list pages with limit/offset and answers its total. The routes come from the server's own
 * OpenAPI description, so a new route is checked (or must be excused below) without editing this.
 */

const dir = mkdtempSync(join(tmpdir(), 'rw-shapes-'));
const db = join(dir, 'rw.db');
let server: TestServer;
let cookie = '';
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 3, 1);

/** Routes whose answer is not JSON of the vocabulary (a text or file format), with why. */
const NOT_JSON: Record<string, string> = {
  '/metrics': 'Prometheus text format',
  '/v1/cases/{id}/report': 'a regulatory file (XML)',
};

/** Fields that hold money: a decimal string each (`amounts`: a list of them). */
const MONEY = new Set(['amount', 'out_sum', 'in_sum', 'cash', 'domestic', 'cross_border']);
const DECIMAL = /^-?\d+(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;

function check(route: string, body: unknown): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, path: string, currency: string | undefined): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, currency));
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const here = typeof o.currency === 'string' && CURRENCY.test(o.currency) ? o.currency : currency;
    for (const [k, x] of Object.entries(o)) {
      const at = `${path}.${k}`;
      if (MONEY.has(k) && (typeof x === 'number' || typeof x === 'string')) {
        if (typeof x !== 'string' || !DECIMAL.test(x)) problems.push(`${at}: money must be a decimal string, got ${JSON.stringify(x)}`);
        if (!here) problems.push(`${at}: money without a currency beside it`);
      }
      if (k === 'amounts' && Array.isArray(x)) {
        if (!x.every((a) => typeof a === 'string' && DECIMAL.test(a))) problems.push(`${at}: amounts must be decimal strings`);
        if (!here) problems.push(`${at}: amounts without a currency`);
      }
      if ((k === 'time' || k.endsWith('_at')) && x !== null && x !== undefined && k !== 'format') {
        if (typeof x !== 'string' || Number.isNaN(Date.parse(x))) problems.push(`${at}: a time must be an ISO string, got ${JSON.stringify(x)}`);
      }
      if (k === 'reasons' && Array.isArray(x)) {
        x.forEach((r, i) => {
          if (r === null || typeof r !== 'object' || !('rule' in r)) return; // ring risk components: {name, value, weight}
          const reason = r as Record<string, unknown>;
          const p = `${at}[${i}]`;
          if (typeof reason.rule !== 'string') problems.push(`${p}.rule must be a string`);
          if (typeof reason.weight !== 'number') problems.push(`${p}.weight must be a number`);
          if (typeof reason.text !== 'string') problems.push(`${p}.text must be a string`);
          if (reason.values === null || typeof reason.values !== 'object' || Array.isArray(reason.values)) problems.push(`${p}.values must be an object keyed by feature`);
          if (reason.contributions !== undefined && (typeof reason.contributions !== 'object' || Array.isArray(reason.contributions))) problems.push(`${p}.contributions must be an object`);
          if (reason.contributions !== undefined) {
            const w = reason.words as Record<string, unknown> | undefined;
            if (!w || typeof w.en !== 'string' || typeof w.zh !== 'string') problems.push(`${p}.words must say a model's reason in en and zh`);
          }
          const extra = Object.keys(reason).filter((key) => !['rule', 'typology', 'weight', 'values', 'contributions', 'words', 'text'].includes(key));
          if (extra.length) problems.push(`${p} has fields outside the one reasons shape: ${extra.join(', ')}`);
        });
      }
      // A reason's values are feature values: numbers by definition (money features in the base
      // currency's major units), named by feature, not money fields.
      if ((k === 'values' || k === 'contributions' || k === 'words') && path.includes('reasons[')) continue;
      walk(x, at, here);
    }
  };
  walk(body, route, undefined);
  return problems;
}

/** A list answer: a top-level array of items with total, limit and offset. */
function checkPage(route: string, body: Record<string, unknown>, key: string): string[] {
  const out: string[] = [];
  if (!Array.isArray(body[key])) out.push(`${route}: ${key} must be a list`);
  for (const f of ['total', 'limit', 'offset']) if (typeof body[f] !== 'number') out.push(`${route}: a list answers ${f}`);
  return out;
}

const get = async (path: string): Promise<{ status: number; body: unknown }> => {
  const r = await fetch(server.base + path, { headers: { cookie } });
  const text = await r.text();
  return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
};
const send = async (path: string, body: unknown): Promise<{ status: number; body: unknown }> => {
  const r = await fetch(server.base + path, { method: 'POST', headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
};

before(async () => {
  // Rings recomputed every 200 ms (the default is at most once a minute).
  server = await startTestServer(db, { config: { ringCaseEveryMs: 200 } });
  const first = await login(server.base, 'admin', server.adminPassword!);
  await fetch(`${server.base}/v1/auth/password`, { method: 'POST', headers: { cookie: first.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ current: server.adminPassword, new: PASSWORD }) });
  cookie = (await login(server.base, 'admin')).cookie;
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('money, times, reasons and pages have one shape on every route', async () => {
  const posted: Array<[string, unknown]> = [];
  const txs = [
    // Cash past the day's limit: alerts, a case.
    ...[1, 2, 3].map((h) => ({ id: `cash-${h}`, time: new Date(T0 + h * 3_600_000).toISOString(), from: 'CUST-1', to: 'CASH-01', amount: '30000', channel: 'cash_out' })),
    // A device-sharing ring and a path from a listed mule, in JPY (no minor unit) and USD.
    { id: 'r1', time: T0, from: 'RING-A', to: 'RING-B', amount: '9000', currency: 'JPY', device: 'DEV-RING' },
    { id: 'r2', time: T0 + 60_000, from: 'RING-B', to: 'RING-C', amount: '8800.25', currency: 'USD', device: 'DEV-RING' },
    { id: 'r3', time: T0 + 120_000, from: 'RING-C', to: 'RING-A', amount: '8600', device: 'DEV-RING' },
    { id: 'p1', time: T0 + 1000, from: 'MULE-X', to: 'MID-1', amount: '5000' },
    { id: 'p2', time: T0 + 2000, from: 'MID-1', to: 'VICTIM-2', amount: '4900' },
  ];
  for (const t of txs) {
    const r = await send('/v1/transactions', t);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    posted.push(['POST /v1/transactions', r.body]);
  }
  posted.push(['POST /v1/transactions/batch', (await send('/v1/transactions/batch', [{ id: 'b1', time: T0 + DAY, from: 'A', to: 'B', amount: '1.5' }])).body]);
  assert.equal((await send('/v1/lists/blacklist/entries', { kind: 'account', value: 'MULE-X' })).status, 201);
  const iso = await send('/v1/evaluate/iso20022/pacs.008.001.10', pacs008({ e2e: 'SHAPE-1', debtor: 'ISO-D', creditor: 'ISO-C', amount: '310.25', ccy: 'USD' }));
  assert.equal(iso.status, 200, JSON.stringify(iso.body));
  posted.push(['POST /v1/evaluate/iso20022/pacs.008.001.10', (iso.body as { decision: unknown }).decision]);
  const started = await fetch(`${server.base}/v1/backtests`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ from: new Date(T0 - DAY).toISOString(), to: new Date(T0 + 2 * DAY).toISOString(), b: { builtin_rules: false } }) });
  assert.equal(started.status, 202, await started.clone().text());
  const backtest = ((await started.json()) as { id: string }).id;

  let caseId = '';
  for (let i = 0; i < 100 && !caseId; i++) {
    const list = (await get('/v1/cases')).body as { cases: Array<{ id: string }> };
    caseId = list.cases[0]?.id ?? '';
    if (!caseId) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(caseId, 'a case was filed');
  await new Promise((r) => setTimeout(r, 300));
  const rings = (await get('/v1/rings?algorithm=components')).body as { rings: Array<{ ring: string; members: string[] }> };
  const ring = rings.rings.find((r) => r.members.includes('RING-A'))?.ring;
  assert.ok(ring, JSON.stringify(rings).slice(0, 2000));

  // Each path parameter, and the query some routes need to answer with data.
  const fill: Record<string, string> = {
    '/v1/decisions/{id}': '/v1/decisions/cash-2',
    '/v1/cases/{id}': `/v1/cases/${caseId}`,
    '/v1/cases/{id}/narrative': `/v1/cases/${caseId}/narrative?language=en`,
    '/v1/cases/{id}/alerts': `/v1/cases/${caseId}/alerts?limit=5`,
    '/v1/cases/{id}/events': `/v1/cases/${caseId}/events?limit=5`,
    '/v1/cases/{id}/evidence': `/v1/cases/${caseId}/evidence?limit=5`,
    '/v1/rings/{id}': `/v1/rings/${ring}?algorithm=components`,
    '/v1/rings': '/v1/rings?algorithm=components',
    '/v1/accounts/{id}': '/v1/accounts/RING-B',
    '/v1/accounts/{id}/paths': '/v1/accounts/VICTIM-2/paths?to_list=blacklist&direction=upstream',
    '/v1/lists/{list}': '/v1/lists/blacklist',
    '/v1/iso20022/transfers/{id}': '/v1/iso20022/transfers/SHAPE-1',
    '/v1/backtests/{id}': `/v1/backtests/${backtest}`,
  };
  const spec = (await get('/docs/json')).body as { paths: Record<string, Record<string, { description?: string }>>; components: { schemas: Record<string, unknown> } };
  for (const shape of ['Money', 'Reason', 'Page', 'Transaction', 'Decision', 'Alert', 'Stats']) assert.ok(spec.components.schemas[shape], `${shape} published in /docs`);
  // Public GET routes are the dashboard's static files (HTML, scripts), not the API.
  const routes = Object.entries(spec.paths).filter(([, ops]) => ops.get && !ops.get.description?.startsWith('Permission: none')).map(([p]) => p);
  assert.ok(routes.length >= 20, `the description lists the GET routes (${routes.length})`);
  const problems: string[] = [];
  const seen: Record<string, unknown> = {};
  for (const route of routes) {
    if (NOT_JSON[route]) continue;
    const url = fill[route] ?? route;
    assert.ok(!url.includes('{'), `${route}: no value to fill in (add it above)`);
    const r = await get(url);
    assert.equal(r.status, 200, `${url}: ${JSON.stringify(r.body)}`);
    seen[route] = r.body;
    problems.push(...check(route, r.body));
  }
  for (const [route, body] of posted) problems.push(...check(route, body));
  // Every list pages the same way.
  for (const [route, key] of [['/v1/alerts', 'alerts'], ['/v1/cases', 'cases'], ['/v1/rings', 'rings'], ['/v1/lists/{list}', 'entries'], ['/v1/audit', 'rows'],
    ['/v1/cases/{id}/alerts', 'alerts'], ['/v1/cases/{id}/events', 'events'], ['/v1/cases/{id}/evidence', 'evidence']] as const) {
    problems.push(...checkPage(route, seen[route] as Record<string, unknown>, key));
  }
  assert.deepEqual(problems, []);
  // Short lists that are not paged answer their total too.
  for (const [route, key] of [['/v1/keys', 'keys'], ['/v1/backtests', 'backtests'], ['/v1/lists', 'lists'], ['/v1/screen/lists', 'lists']] as const) {
    const body = seen[route] as Record<string, unknown> | undefined;
    assert.ok(body, `${route} was read`);
    assert.equal(body.total, (body[key] as unknown[]).length, `${route} answers its total`);
  }

  // The checks bite: the answers hold what they check.
  const decision = seen['/v1/decisions/{id}'] as { transaction: { from: string; to: string; amount: string; currency: string; time: string }; reasons: unknown[] };
  assert.deepEqual([decision.transaction.from, decision.transaction.to, decision.transaction.amount, decision.transaction.currency], ['CUST-1', 'CASH-01', '30000.00', 'CNY']);
  assert.equal(decision.transaction.time, new Date(T0 + 2 * 3_600_000).toISOString());
  assert.ok(decision.reasons.length > 0);
  const alerts = seen['/v1/alerts'] as { alerts: Array<{ amount: string }>; total: number };
  assert.equal(alerts.total, alerts.alerts.length);
  const detail = seen['/v1/cases/{id}'] as { alerts: Array<{ amount: string; reasons: unknown[] }>; evidence: Array<{ content: { transactions: Array<{ amount: string }> } }> };
  assert.equal(detail.alerts[0].amount, '30000.00');
  assert.ok(detail.evidence[0].content.transactions.every((t) => typeof t.amount === 'string'));
  const second = (await get(`/v1/alerts?limit=1&offset=1`)).body as { alerts: unknown[]; total: number; offset: number };
  assert.deepEqual([second.alerts.length, second.total, second.offset], [Math.min(1, alerts.total - 1), alerts.total, 1]);
  // The checker itself refuses the old shapes.
  assert.ok(check('x', { amount: 3000000, currency: 'CNY' }).length > 0, 'minor units as a number');
  assert.ok(check('x', { amount: '1.00' }).length > 0, 'money without currency');
  assert.ok(check('x', { currency: 'CNY', reasons: [{ rule: 'r', weight: 1, values: [['a', 1]] }] }).length > 0, 'values as pairs, no text');
});

test('case search by account, party or id answers its total', async () => {
  const all = (await get('/v1/cases')).body as { cases: Array<{ id: string; subject: string }>; total: number };
  assert.ok(all.total >= 1);
  const c = all.cases[0];
  const byAccount = (await get(`/v1/cases?q=${encodeURIComponent(c.subject)}`)).body as { cases: Array<{ id: string }>; total: number };
  assert.ok(byAccount.cases.some((x) => x.id === c.id));
  assert.equal(byAccount.total, byAccount.cases.length);
  // A counterparty (payee of the case's alerts) finds it too.
  const byPayee = (await get('/v1/cases?account=CASH-01')).body as { cases: Array<{ id: string }> };
  assert.ok(byPayee.cases.some((x) => x.id === c.id));
  const byId = (await get(`/v1/cases?q=${c.id.slice(0, 12).toLowerCase()}`)).body as { cases: Array<{ id: string }>; total: number };
  assert.ok(byId.cases.some((x) => x.id === c.id), 'an id prefix, any case');
  const none = (await get('/v1/cases?q=NOBODY-AT-ALL')).body as { cases: unknown[]; total: number };
  assert.deepEqual([none.cases.length, none.total], [0, 0]);
  assert.equal((await get('/v1/cases?q=')).status, 400);
  // A party by its account number or client number (KYC), in the search box or as `party`.
  const parties = new SqlitePartyStore(db);
  parties.upsert([{ account: 'CUST-1', account_number: '6222000011112222', client_number: 'P-0042' }]);
  parties.close();
  for (const query of ['q=6222000011112222', 'party=P-0042', 'q=P-0042']) {
    const found = (await get(`/v1/cases?${query}`)).body as { cases: Array<{ id: string }>; total: number };
    assert.ok(found.cases.some((x) => x.id === c.id), query);
    assert.equal(found.total, found.cases.length, query);
  }
  assert.equal(((await get('/v1/cases?party=P-9999')).body as { total: number }).total, 0, 'an unknown party has no cases');
  const wild = (await get('/v1/cases?id=%25')).body as { total: number };
  assert.equal(wild.total, 0, 'a % in an id is taken literally');
});
