import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readAudit } from '../../src/security/audit.js';
import { SqliteSecurityStore } from '../../src/store/sqlite-security.js';
import { addUsers, login, startTestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-cases-'));
const db = join(dir, 'rw.db');
let base = '';
let apiKey = '';
let stop: () => Promise<void>;
const cookies: Record<string, string> = {};

before(async () => {
  ({ base, apiKey, stop } = await startTestServer(db));
  await addUsers(db, [['analyst', 'analyst'], ['auditor', 'auditor']]);
  for (const role of ['analyst', 'auditor']) cookies[role] = (await login(base, role)).cookie;
});

after(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  fetch(base + path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('alerts become one case per subject with frozen evidence; the analyst works it to a close; the audit log has it', async () => {
  const key = { authorization: `Bearer ${apiKey}` };
  // Two large cash withdrawals by the same customer on one day: two alerts, one case.
  for (const [i, hour] of [[1, 9], [2, 11]]) {
    const r = await post('/v1/transactions', { id: `cash-${i}`, time: `2026-04-01T0${hour - 8}:00:00Z`, from: 'CUST-7', to: 'CASH-SH01', amount: '30000', channel: 'cash_out' }, key);
    assert.equal(r.status, 200);
  }
  await post('/v1/transactions', { id: 'cash-3', time: '2026-04-01T05:00:00Z', from: 'CUST-7', to: 'CASH-SH01', amount: '60000', channel: 'cash_out' }, key);
  let list: { cases: Array<{ id: string; subject: string; state: string; alert_count: number }> } = { cases: [] };
  for (let i = 0; i < 50 && list.cases.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    list = (await (await fetch(`${base}/v1/cases`, { headers: { cookie: cookies.analyst } })).json()) as typeof list;
  }
  assert.equal(list.cases.length, 1, 'no duplicate case for the same subject');
  const c = list.cases[0];
  assert.equal(c.subject, 'CUST-7');
  assert.equal(c.state, 'new');
  assert.ok(c.alert_count >= 1);
  const detail = (await (await fetch(`${base}/v1/cases/${c.id}`, { headers: { cookie: cookies.analyst } })).json()) as {
    alerts: Array<{ transaction_id: string; reasons: Array<{ rule: string }> }>; evidence: Array<{ sha256: string; content: { subgraph: { nodes: Array<{ id: string }> } } }>;
  };
  assert.ok(detail.alerts.some((a) => a.reasons.some((r) => r.rule === 'pboc.lv.cash')));
  assert.match(detail.evidence[0].sha256, /^[0-9a-f]{64}$/);
  assert.ok(detail.evidence[0].content.subgraph.nodes.some((n) => n.id === 'CASH-SH01'));

  assert.equal((await post(`/v1/cases/${c.id}/actions`, { action: 'assign' }, key)).status, 403, 'machine clients do not work cases');
  assert.equal((await post(`/v1/cases/${c.id}/actions`, { action: 'assign' }, { cookie: cookies.auditor })).status, 403);
  assert.equal((await post(`/v1/cases/${c.id}/actions`, { action: 'close' }, { cookie: cookies.analyst })).status, 400, 'close needs an outcome');
  for (const body of [{ action: 'assign' }, { action: 'investigate' }, { action: 'comment', text: 'ATM withdrawals, salary day' }, { action: 'close', outcome: 'false_positive', note: 'known business' }]) {
    const r = await post(`/v1/cases/${c.id}/actions`, body, { cookie: cookies.analyst });
    assert.equal(r.status, 200, `${JSON.stringify(body)}: ${await r.clone().text()}`);
  }
  const again = await post(`/v1/cases/${c.id}/actions`, { action: 'investigate' }, { cookie: cookies.analyst });
  assert.equal(again.status, 409, 'a closed case cannot be investigated');
  const closed = (await (await fetch(`${base}/v1/cases/${c.id}`, { headers: { cookie: cookies.analyst } })).json()) as { case: { state: string; outcome: string } };
  assert.deepEqual([closed.case.state, closed.case.outcome], ['closed', 'false_positive']);
  const audit = new SqliteSecurityStore(db);
  const rows = await readAudit(audit, { limit: 1000 });
  await audit.close();
  assert.ok(rows.some((r) => r.action === 'case.close' && r.actor === 'user:analyst' && r.subject === c.id), 'the close is in the audit log');
});

test('report export names what is missing; rules, stats and audit pages answer by role', async () => {
  const list = (await (await fetch(`${base}/v1/cases`, { headers: { cookie: cookies.analyst } })).json()) as { cases: Array<{ id: string }> };
  const id = list.cases[0].id;
  const r = await fetch(`${base}/v1/cases/${id}/report?format=goaml`, { headers: { cookie: cookies.analyst } });
  assert.equal(r.status, 422);
  const body = (await r.json()) as { missing: string[] };
  assert.ok(body.missing.some((m) => /rentity_id/.test(m)), body.missing.join('; '));
  assert.ok(body.missing.some((m) => /reporting_person/.test(m)));
  assert.equal((await fetch(`${base}/v1/cases/${id}/report?format=pdf`, { headers: { cookie: cookies.analyst } })).status, 400);
  const rules = (await (await fetch(`${base}/v1/rules`, { headers: { cookie: cookies.auditor } })).json()) as { rules: Array<{ id: string; hits: number; description: { zh: string } }> };
  const cash = rules.rules.find((x) => x.id === 'pboc.lv.cash')!;
  assert.ok(cash.hits >= 1);
  assert.match(cash.description.zh, /现金/);
  const stats = (await (await fetch(`${base}/v1/stats`, { headers: { cookie: cookies.analyst } })).json()) as { transactions: number; alerts_by_day: Array<{ day: string }>; top_rules: Array<{ rule: string }> };
  assert.ok(stats.transactions >= 3);
  assert.equal(stats.alerts_by_day[0].day, '2026-04-01');
  assert.equal(stats.top_rules[0].rule, 'pboc.lv.cash');
  assert.equal((await fetch(`${base}/v1/audit`, { headers: { cookie: cookies.analyst } })).status, 403);
  const audit = (await (await fetch(`${base}/v1/audit?limit=500`, { headers: { cookie: cookies.auditor } })).json()) as { rows: Array<{ action: string }> };
  assert.ok(audit.rows.some((x) => x.action === 'case.close'));
});

test('personal data is masked for analysts; a supervisor may unmask, and the unmasking is audited', async () => {
  await addUsers(db, [['supervisor', 'supervisor']]);
  const supervisor = (await login(base, 'supervisor')).cookie;
  await post('/v1/transactions', { id: 'pii-1', time: '2026-04-02T02:00:00Z', from: 'CUST-9', to: 'CASH-SH01', amount: '80000', channel: 'cash_out', phone: '13812345678', ip: '10.1.2.3' }, { authorization: `Bearer ${apiKey}` });
  let id = '';
  for (let i = 0; i < 50 && !id; i++) {
    await new Promise((res) => setTimeout(res, 50));
    const list = (await (await fetch(`${base}/v1/cases`, { headers: { cookie: cookies.analyst } })).json()) as { cases: Array<{ id: string; subject: string }> };
    id = list.cases.find((c) => c.subject === 'CUST-9')?.id ?? '';
  }
  assert.ok(id);
  const masked = await (await fetch(`${base}/v1/cases/${id}`, { headers: { cookie: cookies.analyst } })).text();
  assert.ok(!masked.includes('13812345678'), 'the analyst never sees the phone number');
  assert.match(masked, /138\*\*\*\*5678/);
  assert.equal((await fetch(`${base}/v1/cases/${id}?unmask=1`, { headers: { cookie: cookies.analyst } })).status, 403);
  const plain = await (await fetch(`${base}/v1/cases/${id}?unmask=1`, { headers: { cookie: supervisor } })).text();
  assert.ok(plain.includes('13812345678'));
  const audit = (await (await fetch(`${base}/v1/audit?limit=1000`, { headers: { cookie: cookies.auditor } })).json()) as { rows: Array<{ action: string; actor: string; subject: string }> };
  assert.ok(audit.rows.some((x) => x.action === 'unmask' && x.actor === 'user:supervisor' && x.subject === id));
});

test('attachment metadata through the API: checked, recorded in the history', async () => {
  const list = (await (await fetch(`${base}/v1/cases?state=new`, { headers: { cookie: cookies.analyst } })).json()) as { cases: Array<{ id: string }> };
  const id = list.cases[0].id;
  const bad = await post(`/v1/cases/${id}/actions`, { action: 'attach', attachment: { name: '../etc/passwd', size: 10, sha256: 'x', content_type: 'text/plain' } }, { cookie: cookies.analyst });
  assert.equal(bad.status, 409);
  assert.match(((await bad.json()) as { reason: string }).reason, /attachment\./);
  const good = await post(`/v1/cases/${id}/actions`, { action: 'attach', attachment: { name: 'statement.pdf', size: 20480, sha256: 'a'.repeat(64), content_type: 'application/pdf' } }, { cookie: cookies.analyst });
  assert.equal(good.status, 200, await good.clone().text());
  const detail = (await (await fetch(`${base}/v1/cases/${id}`, { headers: { cookie: cookies.analyst } })).json()) as { events: Array<{ kind: string; data: { attachment?: { name: string } } }> };
  const attached = detail.events.find((e) => e.kind === 'attach');
  assert.ok(attached, 'an attach event');
  assert.match(JSON.stringify(attached), /statement\.pdf/);
});

test('a big case pages its alerts, history and evidence with totals; each case carries its priority reasons', async () => {
  const key = { authorization: `Bearer ${apiKey}` };
  // Twelve large cash withdrawals by one customer, a day apart: twelve alerts in one case.
  const body = Array.from({ length: 12 }, (_, i) => JSON.stringify({
    id: `big-${i}`, time: `2026-04-${String(i + 3).padStart(2, '0')}T02:00:00Z`, from: 'CUST-BIG', to: 'CASH-SH02', amount: String(60000 + i), channel: 'cash_out', phone: '13900001111',
  })).join('\n');
  const sent = await fetch(`${base}/v1/transactions/batch`, { method: 'POST', headers: { ...key, 'content-type': 'application/x-ndjson' }, body });
  assert.equal(sent.status, 200, await sent.clone().text());
  let c: { id: string; alert_count: number; risk: number; risk_reasons: Array<{ factor: string; contribution: number; en: string; zh: string }> } | undefined;
  for (let i = 0; i < 100 && (c?.alert_count ?? 0) < 12; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const list = (await (await fetch(`${base}/v1/cases?account=CUST-BIG`, { headers: { cookie: cookies.analyst } })).json()) as { cases: Array<NonNullable<typeof c>> };
    c = list.cases[0];
  }
  assert.ok(c && c.alert_count === 12, JSON.stringify(c));
  assert.ok(c.risk > 0 && c.risk < 1);
  assert.deepEqual(c.risk_reasons.map((r) => r.factor).slice(0, 2).sort(), ['peak', 'volume']);
  assert.ok(Math.abs(c.risk_reasons.reduce((s, r) => s + r.contribution, 0) - c.risk) < 0.001, 'the reasons add up to the priority');
  assert.ok(c.risk_reasons.every((r) => r.en.length > 0 && r.zh.length > 0));
  assert.ok(!('risk_basis' in c), 'the stored basis (minor units) stays inside');

  const get = async (path: string, cookie = cookies.analyst) => {
    const r = await fetch(base + path, { headers: { cookie } });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const first = await get(`/v1/cases/${c.id}/alerts?limit=5`);
  assert.equal(first.status, 200);
  assert.deepEqual([first.body.total, first.body.limit, first.body.offset, (first.body.alerts as unknown[]).length], [12, 5, 0, 5]);
  const last = await get(`/v1/cases/${c.id}/alerts?limit=5&offset=10`);
  const ids = (last.body.alerts as Array<{ transaction_id: string; amount: string }>).map((a) => a.transaction_id);
  assert.deepEqual(ids, ['big-10', 'big-11'], 'oldest first, as in the detail');
  assert.equal((last.body.alerts as Array<{ amount: string }>)[0].amount, '60010.00');
  const events = await get(`/v1/cases/${c.id}/events?limit=3&offset=1`);
  assert.deepEqual([events.body.total, (events.body.events as Array<{ kind: string }>).map((e) => e.kind)], [12, ['alert', 'alert', 'alert']]);
  const newest = await get(`/v1/cases/${c.id}/alerts?limit=2&order=desc`);
  assert.deepEqual((newest.body.alerts as Array<{ transaction_id: string }>).map((a) => a.transaction_id), ['big-11', 'big-10'], 'newest first');
  assert.equal((await get(`/v1/cases/${c.id}/alerts?order=up`)).status, 400);
  const evidence = await get(`/v1/cases/${c.id}/evidence?limit=2`);
  assert.equal(evidence.body.total, 12);
  const shown = JSON.stringify(evidence.body);
  assert.ok(!shown.includes('13900001111') && evidence.body.masked === true, 'masked like the case');
  assert.equal((await get(`/v1/cases/${c.id}/evidence?limit=0`)).status, 400);
  assert.equal((await get(`/v1/cases/${c.id}/events?offset=-1`)).status, 400);
  assert.equal((await get('/v1/cases/CASE-NOPE/alerts')).status, 404);
  assert.equal((await get(`/v1/cases/${c.id}/evidence?unmask=1`)).status, 403, 'an analyst may not unmask');
  const beyond = await get(`/v1/cases/${c.id}/alerts?offset=50`);
  assert.deepEqual([beyond.body.total, (beyond.body.alerts as unknown[]).length], [12, 0]);
});
