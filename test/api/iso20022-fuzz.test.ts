import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/harness.js';
import { BUILDERS, toXml } from '../ingest/iso20022-fixtures.js';
import { createRng as prng } from '../../src/ml/prng.js';
import { pickPath } from '../helpers/json-paths.js';

const TYPES = ['pain.001.001.11', 'pain.013.001.09', 'pacs.008.001.10', 'pacs.002.001.12'] as const;
const BODIES = Number(process.env.RW_FUZZ_BODIES ?? 3000);

const dir = mkdtempSync(join(tmpdir(), 'rw-isofuzz-'));
let server: TestServer;

before(async () => {
  server = await startTestServer(join(dir, 'rw.db'), { users: false });
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Obj = Record<string, unknown>;

const deep = (n: number): unknown => (n === 0 ? 'x' : [deep(n - 1)]);
const VALUES: unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, 12345678901234567890, '', ' ', 'x'.repeat(5000), '2026-02-30T00:00:00Z', '2026-03-01T10:00:00Z',
  'USD', 'usd', 'XAU', [], [1], ['a', 'b'], {}, { Amt: '1' }, { Amt: { Amt: '1', Ccy: 'USD' } }, '1e5', 'NaN', 'Infinity', '-0', '0.000001',
  '\u0000', '__proto__', 'ACCC', 'RJCT', 'DEUTDEFFXXX', '506700GE1G29325QX363', deep(60), { __proto__: { polluted: 1 } }, 'TAZAMA_EID',
];

function mutate(body: Obj, rnd: () => number): Obj {
  const copy = structuredClone(body);
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const picked = pickPath(copy, rnd);
    if (!picked) break;
    const { parent: o, key } = picked;
    const r = rnd();
    if (r < 0.3) delete o[key];
    else if (r < 0.85) o[key] = structuredClone(VALUES[Math.floor(rnd() * VALUES.length)]);
    else if (r < 0.92 && !Array.isArray(o)) o[['TenantId', 'constructor', 'extra', '__proto__'][Math.floor(rnd() * 4)]] = 'x';
    else o[key] = JSON.parse(JSON.stringify(o[key] ?? null));
  }
  return copy;
}

interface Sent {
  type: string;
  body: string;
  contentType: string;
}

function makeBody(i: number, rnd: () => number): Sent {
  const type = TYPES[Math.floor(rnd() * TYPES.length)];
  const route = rnd() < 0.1 ? TYPES[Math.floor(rnd() * TYPES.length)] : type;
  // A few e2e ids repeat, so replays and conflicts are exercised too.
  const e2e = rnd() < 0.3 ? `F-${Math.floor(rnd() * 20)}` : `F-${i}`;
  const base = BUILDERS[type]({ e2e, msgId: rnd() < 0.2 ? `FM-${Math.floor(rnd() * 20)}` : undefined, debtor: `FD${Math.floor(rnd() * 50)}` }) as Obj;
  const mutated = rnd() < 0.8 ? mutate(base, rnd) : base;
  const xml = rnd() < 0.2;
  let text = xml ? toXml(type, mutated) : JSON.stringify(mutated);
  const r = rnd();
  if (r < 0.08) text = text.slice(0, Math.floor(rnd() * text.length));
  else if (r < 0.1) text = Array.from({ length: 64 }, () => String.fromCharCode(Math.floor(rnd() * 128))).join('');
  else if (r < 0.11) text = '';
  return { type: route, body: text, contentType: xml ? 'application/xml' : 'application/json' };
}

test(`the four routes survive ${BODIES} mutated bodies: no server error, every 400 names a field`, async (t) => {
  const rnd = prng(20260306);
  const counts: Record<number, number> = {};
  const bodies = Array.from({ length: BODIES }, (_, i) => makeBody(i, rnd));
  const PARALLEL = 16;
  for (let i = 0; i < bodies.length; i += PARALLEL) {
    await Promise.all(bodies.slice(i, i + PARALLEL).map(async (s, j) => {
      const r = await fetch(`${server.base}/v1/evaluate/iso20022/${s.type}`, {
        method: 'POST', headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': s.contentType }, body: s.body,
      });
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      const text = await r.text();
      const where = `body #${i + j} (${s.type}, ${s.contentType}): ${s.body.slice(0, 200)}`;
      assert.ok(r.status < 500, `${r.status} for ${where}: ${text}`);
      const b = JSON.parse(text) as { errors?: Array<{ field: unknown; reason: unknown }>; decision?: { decision: string } };
      if (r.status === 200) assert.ok(['ALLOW', 'REVIEW', 'BLOCK'].includes(b.decision!.decision), where);
      else {
        assert.ok([400, 404, 409, 413, 415].includes(r.status), `${r.status} for ${where}`);
        assert.ok(Array.isArray(b.errors) && b.errors.length > 0, `${r.status} without errors for ${where}: ${text}`);
        for (const e of b.errors) assert.ok(typeof e.field === 'string' && e.field !== '' && typeof e.reason === 'string', `${where}: ${text}`);
      }
    }));
  }
  assert.ok((counts[200] ?? 0) > BODIES / 40, `some bodies are still valid: ${JSON.stringify(counts)}`);
  assert.ok((counts[400] ?? 0) > BODIES / 3, `most are refused: ${JSON.stringify(counts)}`);
  t.diagnostic(`statuses: ${JSON.stringify(counts)}`);
  const health = await fetch(`${server.base}/healthz`, { headers: { authorization: `Bearer ${server.apiKey}` } });
  assert.equal(health.status, 200);
});
