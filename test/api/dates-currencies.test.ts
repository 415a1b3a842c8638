import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ISO_4217 } from '../../src/domain/currencies.js';
import { currencyExponent } from '../../src/domain/money.js';
import { parseTime, validateTransaction } from '../../src/domain/transaction.js';
import { makeTimeConverter } from '../../src/ingest/time.js';
import { ringwatch, startTestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-dates-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const IMPOSSIBLE = ['2024-02-30', '2023-02-29T00:00:00Z', '2024-04-31T10:00:00Z', '2024-13-01', '2024-01-01T25:00:00Z', '2024-01-01T10:60:00Z', '2024-00-10'];

test('HTTP and file readers share one calendar-strict parser: the same answer for every input', () => {
  const auto = makeTimeConverter('auto');
  const inputs = [
    ...IMPOSSIBLE, '2024-02-29', '2024-02-29T23:59:59.999Z', '2026-03-01T10:00:00+08:00', '2026-03-01 10:00', '2026-03-01T10:00:00',
    '2100-02-29', '2000-02-29', '1700000000000', 'yesterday', '',
  ];
  // And a sweep of day numbers around month ends over a leap cycle.
  for (let y = 2023; y <= 2025; y++) for (let m = 1; m <= 12; m++) for (const d of [28, 29, 30, 31, 32]) inputs.push(`${y}-${String(m).padStart(2, '0')}-${d}T12:00:00Z`);
  for (const s of inputs) {
    const http = parseTime(s);
    const file = auto(s);
    assert.equal(typeof http, typeof file, s);
    if (typeof http === 'number') assert.equal(http, file, s);
  }
  for (const s of IMPOSSIBLE) assert.equal(typeof parseTime(s), 'string', s);
  assert.equal(parseTime('2024-02-29'), Date.UTC(2024, 1, 29));
  assert.equal(parseTime('2026-03-01T10:00:00+08:00'), Date.UTC(2026, 2, 1, 2));
});

test('currencies: ISO 4217 codes and the known names only, with a clear error; exponents from ISO', () => {
  const tx = (currency: unknown) => validateTransaction({ id: 'c', time: 0, from: 'A', to: 'B', amount: '1', currency });
  for (const c of ['CNY', 'usd', 'Eur', 'US Dollar', 'Yuan', 'JPY', 'KWD']) assert.equal(tx(c).ok, true, c);
  for (const c of ['XYZ', 'BTC', 'Bitcoin', 'CNYY', 'US', '元', 'XXX', 'XTS', 'constructor']) {
    const v = tx(c);
    assert.equal(v.ok, false, c);
    if (!v.ok) {
      assert.equal(v.errors[0].field, 'currency');
      assert.match(v.errors[0].reason, /is not an ISO 4217 currency code/);
    }
  }
  assert.ok(ISO_4217.size > 150);
  assert.equal(currencyExponent('JPY'), 0);
  assert.equal(currencyExponent('KWD'), 3);
  assert.equal(currencyExponent('CLF'), 4);
  assert.equal(currencyExponent('CNY'), 2);
});

test('HTTP: 2024-02-30 and an unknown currency are refused naming the field (single and batch); nothing stored', async () => {
  const server = await startTestServer(join(dir, 'http.db'), { users: false });
  const headers = { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' };
  try {
    for (const time of IMPOSSIBLE) {
      const r = await fetch(`${server.base}/v1/transactions`, { method: 'POST', headers, body: JSON.stringify({ id: `t-${time}`, time, from: 'A', to: 'B', amount: 100 }) });
      assert.equal(r.status, 400, time);
      const b = (await r.json()) as { errors: Array<{ field: string; reason: string }> };
      assert.deepEqual(b.errors.map((e) => e.field), ['time'], time);
    }
    const r = await fetch(`${server.base}/v1/transactions/batch`, {
      method: 'POST', headers,
      body: JSON.stringify([
        { id: 'ok', time: '2024-02-29T00:00:00Z', from: 'A', to: 'B', amount: 100 },
        { id: 'feb30', time: '2024-02-30T00:00:00Z', from: 'A', to: 'B', amount: 100 },
        { id: 'cur', time: '2024-02-29T00:00:00Z', from: 'A', to: 'B', amount: 100, currency: 'ABC' },
      ]),
    });
    const b = (await r.json()) as { accepted: number; errors: Array<{ index: number; errors: Array<{ field: string; reason: string }> }> };
    assert.equal(b.accepted, 1);
    assert.deepEqual(b.errors.map((e) => [e.index, e.errors[0].field]), [[1, 'time'], [2, 'currency']]);
    assert.match(b.errors[0].errors[0].reason, /has no day 30 in month 2/);
    assert.match(b.errors[1].errors[0].reason, /is not an ISO 4217 currency code/);
    for (const id of ['feb30', 'cur']) assert.equal((await fetch(`${server.base}/v1/decisions/${id}`, { headers })).status, 404);
  } finally {
    await server.stop();
  }
});

test('CLI: the same dates and currencies refused with the same reasons', () => {
  const file = join(dir, 'dates.csv');
  writeFileSync(file, 'id,time,from,to,amount,currency\n1,2024-02-30T00:00:00Z,A,B,1.00,CNY\n2,2024-02-29T00:00:00Z,A,B,1.00,ABC\n3,2024-02-29T00:00:00Z,A,B,1.00,usd\n');
  const r = ringwatch(['score', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /line 2: time: has no day 30 in month 2/);
  assert.match(r.stderr, /line 3: currency: is not an ISO 4217 currency code/);
  assert.match(r.stderr, /scored=1 rejected=2 /);
});
