import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { addUsers, login, ringwatch, startTestServer, type TestServer } from '../helpers/harness.js';
import { createRng as prng } from '../../src/ml/prng.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-backtests-'));
let server: TestServer;
const cookies: Record<string, string> = {};

// The hand-made history of the CLI backtest test: transfers of exactly 7,777 at 02:00 (id 3) and
// 07:00 (id 8), a 60,000 cash deposit the built-in PBOC rule reports (id 11).
const ROWS: Array<[id: string, hour: number, amount: string, channel?: string]> = [
  ['1', 0, '120.00'], ['2', 1, '300.00'], ['3', 2, '7777'], ['4', 3, '450.00'], ['5', 4, '820.00'], ['6', 5, '60.00'],
  ['7', 6, '990.00'], ['8', 7, '7777'], ['9', 8, '15.00'], ['10', 9, '9500'], ['11', 10, '60000', 'CASH-IN'],
];
const transactions = ROWS.map(([id, hour, amount, channel]) => ({
  id, time: `2026-03-01T${String(hour).padStart(2, '0')}:00:00Z`, from: channel ? 'CASH' : `A${id}`, to: channel ? `A${id}` : `B${id}`, amount, currency: 'CNY', ...(channel ? { channel } : {}),
}));

const LUCKY = [
  'rules:',
  '  - id: test.lucky_amount',
  '    version: 1',
  '    description: { en: "Amount exactly 7777", zh: 金额恰为7777 }',
  '    severity: medium',
  '    weight: 0.5',
  '    expression: amount == 7777',
  '',
].join('\n');

const db = join(dir, 'rw.db');

before(async () => {
  await addUsers(db, [['sup', 'supervisor'], ['ana', 'analyst']]);
  server = await startTestServer(db);
  for (const u of ['sup', 'ana']) cookies[u] = (await login(server.base, u)).cookie;
  const r = await call('/v1/transactions/batch', { method: 'POST', body: JSON.stringify(transactions), auth: 'key' });
  assert.equal(r.status, 200, await r.text());
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

function call(path: string, init: RequestInit & { auth?: 'key' | 'sup' | 'ana' | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const auth = init.auth === undefined ? 'sup' : init.auth;
  if (auth === 'key') headers.set('authorization', `Bearer ${server.apiKey}`);
  else if (auth) headers.set('cookie', cookies[auth]);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(server.base + path, { ...init, headers });
}

interface Run {
  id: string;
  state: string;
  progress: number;
  processed: number;
  total: number;
  result?: {
    transactions: number;
    differing: number;
    alerts: { a: number; b: number; onlyA: number; onlyB: number; both: number };
    rules: Array<{ rule: string; a: number; b: number; onlyA: number; onlyB: number; both: number }>;
  };
  differences?: Array<{ id: string; decision_a: string; decision_b: string; score_a: number; score_b: number; reasons_b: string }>;
}

async function startAndWait(body: unknown): Promise<Run> {
  const started = await call('/v1/backtests', { method: 'POST', body: JSON.stringify(body) });
  assert.equal(started.status, 202, await started.clone().text());
  const run = (await started.json()) as Run;
  assert.equal(started.headers.get('location'), `/v1/backtests/${run.id}`);
  for (let i = 0; i < 200; i++) {
    const polled = await call(`/v1/backtests/${run.id}`);
    assert.equal(polled.status, 200);
    const now = (await polled.json()) as Run;
    assert.ok(now.progress >= 0 && now.progress <= 1);
    if (now.state !== 'running') return now;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('backtest did not finish');
}

/** What the store holds: every transaction's stored decision, the alert list and the live rules' hit counts. */
async function stored(): Promise<string> {
  const decisions = await Promise.all(ROWS.map(async ([id]) => (await call(`/v1/decisions/${id}`, { auth: 'key' })).text()));
  const alerts = await (await call('/v1/alerts', { auth: 'key' })).text();
  const rules = await (await call('/v1/rules', { auth: 'key' })).text();
  return JSON.stringify({ decisions, alerts, rules });
}

test('POST /v1/backtests, poll, result: B adds a rule that fires on the two known stored transactions; stored decisions unchanged', async () => {
  const beforeRun = await stored();
  assert.match(beforeRun, /pboc\.lv\.cash/, 'the cash deposit alerted live');
  const run = await startAndWait({ b: { rules: LUCKY } });
  assert.equal(run.state, 'done');
  assert.equal(run.progress, 1);
  assert.equal(run.processed, 11);
  assert.equal(run.total, 11);
  const r = run.result!;
  assert.equal(r.transactions, 11);
  assert.deepEqual(r.alerts, { ...r.alerts, a: 1, b: 3, onlyA: 0, onlyB: 2, both: 1 });
  const lucky = r.rules.find((x) => x.rule === 'test.lucky_amount')!;
  assert.deepEqual([lucky.a, lucky.b, lucky.onlyA, lucky.onlyB, lucky.both], [0, 2, 0, 2, 0]);
  const cash = r.rules.find((x) => x.rule === 'pboc.lv.cash')!;
  assert.deepEqual([cash.a, cash.b, cash.both], [1, 1, 1]);
  assert.deepEqual(run.differences!.map((d) => [d.id, d.decision_a, d.decision_b, d.score_b, d.reasons_b]), [
    ['3', 'ALLOW', 'REVIEW', 0.5, 'test.lucky_amount(amount=7777)'],
    ['8', 'ALLOW', 'REVIEW', 0.5, 'test.lucky_amount(amount=7777)'],
  ]);
  // The run only read: the stored decisions, the alerts and the live rules (no new rule, same hit counts) are as they were.
  assert.equal(await stored(), beforeRun);
  assert.doesNotMatch(beforeRun, /lucky/);
  const list = (await (await call('/v1/backtests')).json()) as { backtests: Array<{ id: string }> };
  assert.ok(list.backtests.some((b) => b.id === run.id));
});

test('POST /v1/backtests over a time range: earlier transactions build the state, only the range is compared', async () => {
  const run = await startAndWait({ from: '2026-03-01T05:00:00Z', to: '2026-03-01T10:00:00Z', a: { builtin_rules: true }, b: { rules: LUCKY } });
  assert.equal(run.state, 'done');
  assert.equal(run.result!.transactions, 5);
  assert.deepEqual(run.differences!.map((d) => d.id), ['8']);
  // Without the built-in packs on B the cash deposit is an alert only in A.
  const bare = await startAndWait({ b: { builtin_rules: false, rules: LUCKY } });
  assert.deepEqual(bare.result!.alerts, { ...bare.result!.alerts, a: 1, b: 2, onlyA: 1, onlyB: 2, both: 0 });
});

test('/v1/backtests: 401 without credentials, 403 without rules.backtest, 400 naming the field, 404 for an unknown run', async () => {
  const body = JSON.stringify({ b: { rules: LUCKY } });
  const none = await call('/v1/backtests', { method: 'POST', body, auth: null });
  assert.equal(none.status, 401);
  assert.equal((await call('/v1/backtests/x', { auth: null })).status, 401);
  for (const who of ['ana', 'key'] as const) {
    assert.equal((await call('/v1/backtests', { method: 'POST', body, auth: who })).status, 403, who);
    assert.equal((await call('/v1/backtests', { auth: who })).status, 403, who);
    assert.equal((await call('/v1/backtests/x', { auth: who })).status, 403, who);
  }
  const bad = async (payload: unknown, field: string, reason: RegExp): Promise<void> => {
    const r = await call('/v1/backtests', { method: 'POST', body: JSON.stringify(payload) });
    assert.equal(r.status, 400, JSON.stringify(payload));
    const errors = ((await r.json()) as { errors: Array<{ field: string; reason: string }> }).errors;
    assert.ok(errors.some((e) => e.field === field && reason.test(e.reason)), JSON.stringify(errors));
  };
  await bad({ b: { rules: LUCKY.replace('amount == 7777', 'amount === 7777') } }, 'b.rules', /^b\.rules:7:\d+/);
  await bad({ b: { rules: LUCKY.replace('amount == 7777', 'amout == 7777') } }, 'b.rules', /amout/);
  await bad({ a: {}, b: {} }, 'b', /same configuration/);
  await bad({ a: { rules: LUCKY } }, 'b', /required/);
  await bad({ b: { rules: 7 } }, 'b.rules', /YAML/);
  await bad({ b: { model: 'yes' } }, 'b.model', /true or false/);
  await bad({ b: { rule: LUCKY } }, 'b.rule', /not a backtest setting/);
  await bad({ b: { rules: LUCKY }, since: 'x' }, 'since', /not a backtest field/);
  await bad({ b: { rules: LUCKY }, from: '2026-02-30' }, 'from', /day 30 in month 2/);
  await bad({ b: { rules: LUCKY }, from: '2026-03-02', to: '2026-03-01' }, 'to', /after/);
  await bad([], '(body)', /object/);
  assert.equal((await call('/v1/backtests/nope')).status, 404);
});

test('/v1/backtests fuzz: random bodies and rule packs never answer 5xx; every 400 names a field', async () => {
  const rnd = prng(20261206);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const texts = [
    LUCKY, 'rules: [', 'rules:\n  - id: x', '&a [*a, *a]', '{"rules": 7}', 'rules:\n  - id: A B\n    expression: (((', '- - -', '', ' ',
    LUCKY.replace('amount == 7777', 'amount == "7777"'), LUCKY.replace('version: 1', 'version: -3'), LUCKY.replace('medium', 'urgent'),
    '\u0000\uFEFFrules:', 'typologies:\n  - id: t\n    rules: [nope]', LUCKY + LUCKY, 'rules:\n  - id: __proto__\n    expression: amount > 1',
  ];
  const value = (): unknown => pick([null, true, 0, -1, 1e308, 'x', '2026-03-01', [], {}, { rules: LUCKY }, [LUCKY], { __proto__: { a: 1 } }]);
  const sideValue = (): unknown =>
    rnd() < 0.7
      ? Object.fromEntries(
          [['builtin_rules', pick([true, false, 'yes', 1])], ['configured_rules', pick([true, false, null])], ['model', pick([true, false, 0])], ['rules', pick([...texts, 7, null])], ['constructor', value()]]
            .filter(() => rnd() < 0.4),
        )
      : value();
  for (let i = 0; i < 150; i++) {
    const body: Record<string, unknown> = {};
    if (rnd() < 0.6) body.b = sideValue();
    if (rnd() < 0.4) body.a = sideValue();
    if (rnd() < 0.3) body.from = pick(['2026-03-01T05:00:00Z', '2026-02-30', 'now', 5, '']);
    if (rnd() < 0.3) body.to = pick(['2026-03-01T09:00:00Z', '1999-01-01', {}, null]);
    if (rnd() < 0.1) body[pick(['x', '__proto__', 'range'])] = value();
    const raw = rnd() < 0.1 ? JSON.stringify(value()) : JSON.stringify(body);
    const r = await call('/v1/backtests', { method: 'POST', body: raw });
    const text = await r.text();
    assert.ok(r.status < 500, `${r.status} for ${raw}: ${text}`);
    assert.ok([202, 400, 409].includes(r.status), `${r.status} for ${raw}`);
    if (r.status === 400) {
      const errors = (JSON.parse(text) as { errors?: Array<{ field?: unknown; reason?: unknown }> }).errors ?? [];
      assert.ok(errors.length > 0 && errors.every((e) => typeof e.field === 'string' && e.field.length > 0 && typeof e.reason === 'string'), `${raw} → ${text}`);
    }
    if (r.status === 202) {
      const run = JSON.parse(text) as { id: string };
      for (let k = 0; k < 200; k++) {
        const now = (await (await call(`/v1/backtests/${run.id}`)).json()) as { state: string };
        if (now.state !== 'running') break;
        await new Promise((res) => setTimeout(res, 20));
      }
    }
  }
});

test('/v1/backtests: listed in /docs with its permission; every start is in the audit log', async () => {
  const spec = (await (await call('/docs/json', { auth: 'key' })).json()) as { paths: Record<string, Record<string, { summary: string; description: string }>> };
  for (const [path, method] of [['/v1/backtests', 'post'], ['/v1/backtests', 'get'], ['/v1/backtests/{id}', 'get']]) {
    const op = spec.paths[path]?.[method];
    assert.ok(op, `${method} ${path}`);
    assert.ok(op.summary.length > 5);
    assert.equal(op.description, 'Permission: rules.backtest.');
  }
  const shown = ringwatch(['audit', 'show', '--db', db, '--limit', '1000']);
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /\tuser:sup\trules\.backtest\t[0-9a-f-]{36}\t/);
});
