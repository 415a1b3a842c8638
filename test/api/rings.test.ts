import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer } from '../helpers/harness.js';
import { readAudit } from '../../src/security/audit.js';
import { SqliteSecurityStore } from '../../src/store/sqlite-security.js';

/**
 * GET /v1/rings answers gangs by default (members, risk, reasons, evidence, the ring case) and the
 * server files a ring at or above the review threshold into one case in the background.
 */
const dir = mkdtempSync(join(tmpdir(), 'rw-rings-'));
let base = '';
let key = '';
let stop: () => Promise<void>;
const db = join(dir, 'rw.db');

before(async () => {
  ({ base, apiKey: key, stop } = await startTestServer(db, { config: { ringCaseEveryMs: 200, ringReview: 0.2 } }));
});

after(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

function call(path: string, init: RequestInit & { auth?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.auth !== null) headers.set('authorization', `Bearer ${init.auth ?? key}`);
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return fetch(base + path, { ...init, headers });
}

interface RingAnswer {
  ring: string;
  members: string[];
  risk: number;
  reasons: Array<{ name: string; value: number }>;
  evidence: Array<{ transaction: string; from: string; to: string; time: string; amount: number; score: number }>;
  case_id: string | null;
}

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1);

test('GET /v1/rings: gangs by default, with evidence and the ring case; 401 without credentials', async () => {
  assert.equal((await call('/v1/rings', { auth: null })).status, 401);
  assert.equal((await call('/v1/rings/ring-0000000000000000', { auth: null })).status, 401);
  for (const m of ['M1', 'M2', 'M3', 'M4']) {
    assert.equal((await call('/v1/lists/blacklist/entries', { method: 'POST', body: JSON.stringify({ kind: 'account', value: m }) })).status, 201);
  }
  // Background before the burn-in (the longest feature window), then a gang of listed accounts
  // passing money round after it: every transfer alerted, so every one is evidence.
  const txs: Array<Record<string, unknown>> = [{ id: 'bg-1', time: T0, from: 'P1', to: 'P2', amount: '100' }];
  const gang = ['M1', 'M2', 'M3', 'M4'];
  for (let i = 0; i < 12; i++) {
    txs.push({ id: `g-${i}`, time: T0 + 40 * DAY + i * 3_600_000, from: gang[i % 4], to: gang[(i + 1) % 4], amount: String(9000 - i * 10) });
  }
  const batch = await call('/v1/transactions/batch', { method: 'POST', body: JSON.stringify(txs) });
  assert.equal(batch.status, 200, await batch.clone().text());

  // Rings are recomputed once the store has grown and the last computation is a ring case interval old.
  type List = { algorithm: string; currency: string; review_threshold: number; rings: RingAnswer[] };
  let list = (await (await call('/v1/rings')).json()) as List;
  for (let i = 0; i < 50 && !list.rings.some((r) => r.members.includes('M1')); i++) {
    await new Promise((r) => setTimeout(r, 100));
    list = (await (await call('/v1/rings')).json()) as List;
  }
  const decided = (await (await call('/v1/alerts?limit=50')).json()) as { alerts: unknown[] };
  assert.equal(list.algorithm, 'gangs');
  assert.equal(list.review_threshold, 0.2);
  const ring = list.rings.find((r) => r.members.includes('M1'));
  assert.ok(ring, JSON.stringify([list.rings, decided]));
  assert.deepEqual(ring.members, gang);
  assert.ok(ring.risk > 0.2 && ring.risk < 1);
  assert.ok(ring.reasons.some((r) => r.name === 'evidence' && r.value > 0));
  assert.deepEqual(ring.evidence.map((e) => e.transaction).sort(), txs.slice(1).map((t) => t.id as string).sort());
  const e0 = ring.evidence.find((e) => e.transaction === 'g-0')!;
  assert.deepEqual([e0.from, e0.to, e0.time, e0.amount], ['M1', 'M2', new Date(T0 + 40 * DAY).toISOString(), '9000.00']);

  // The ring case, filed in the background: one case, subject the ring, the gang's alerts in it.
  let caseId: string | null = null;
  for (let i = 0; i < 100 && !caseId; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const again = (await (await call('/v1/rings')).json()) as { rings: RingAnswer[] };
    caseId = again.rings.find((r) => r.ring === ring.ring)?.case_id ?? null;
  }
  assert.ok(caseId, 'the ring got its case');
  const cases = (await (await call(`/v1/cases?ring=${ring.ring}`)).json()) as { cases: Array<{ id: string; subject: string; subjects: string[] }> };
  assert.deepEqual(cases.cases.map((c) => c.id), [caseId]);
  assert.equal(cases.cases[0].subject, ring.ring);
  assert.deepEqual(cases.cases[0].subjects, gang);
  const detail = (await (await call(`/v1/cases/${caseId}`)).json()) as { alerts: Array<{ transaction_id: string }>; evidence: Array<{ content: { subgraph: { edges: unknown[] } } }> };
  assert.equal(detail.alerts.length, 12);
  assert.ok(detail.evidence.some((e) => e.content.subgraph.edges.length === 4));
  // Members' own cases were merged: asking for a member's cases finds the ring case open.
  const m2 = (await (await call('/v1/cases?subject=M2&state=new')).json()) as { cases: Array<{ id: string }> };
  assert.deepEqual(m2.cases.map((c) => c.id), [caseId]);

  // Audited like alert intake: the opening, the merges or attachments, the frozen evidence.
  const security = new SqliteSecurityStore(db);
  const rows = await readAudit(security, { limit: 1000 });
  await security.close();
  const mine = rows.filter((r) => r.subject === caseId);
  assert.ok(mine.some((r) => r.action === 'case.ring_evidence' && r.actor === 'system'), rows.map((r) => r.action).join(' '));
  assert.ok(mine.some((r) => r.action === 'case.open'));
  assert.equal(mine.filter((r) => r.action === 'case.open' || r.action === 'case.alert_add').length, 12);

  const one = (await (await call(`/v1/rings/${ring.ring}`)).json()) as RingAnswer & { member_details: Array<{ account: string; alerts: number; cases: Array<{ id: string }> }> };
  assert.equal(one.case_id, caseId);
  const d1 = one.member_details.find((m) => m.account === 'M1')!;
  assert.ok(d1.alerts >= 3);
  assert.ok(d1.cases.some((c) => c.id === caseId));
  assert.equal((await call('/v1/rings?algorithm=components')).status, 200);
  assert.equal((await call('/v1/rings?algorithm=magic')).status, 400);
});

test('a loop of first-time links: GET /v1/rings names its hop transactions, and the ring case draws every hop', async () => {
  // Routine payments to two merchants (repeat links) dilute the listed gang's loop above, so a
  // loop of first-time links is rare here; then A → B → C → D → E, each a first payment, and E → A
  // (five accounts: the closing alert and four hops are worth five alerts, a ring on their own).
  const txs: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 2500; i++) {
    txs.push({ id: `rt-${i}`, time: T0 + 41 * DAY + Math.floor((i * 29 * DAY) / 2500), from: `H${i % 25}`, to: i % 2 ? 'SHOP' : 'GRID', amount: String(50 + (i % 25)) });
  }
  const loop = ['LA', 'LB', 'LC', 'LD', 'LE'];
  for (let i = 0; i < 5; i++) txs.push({ id: `l${i + 1}`, time: T0 + (71 + i) * DAY, from: loop[i], to: loop[(i + 1) % 5], amount: String(9000 - 100 * i) });
  const batch = await call('/v1/transactions/batch', { method: 'POST', body: JSON.stringify(txs) });
  assert.equal(batch.status, 200, await batch.clone().text());

  type Motif = { kind: string; transaction: string; accounts: string[]; transactions?: string[] };
  let ring: (RingAnswer & { motifs?: Motif[] }) | undefined;
  for (let i = 0; i < 100 && !ring?.case_id; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const list = (await (await call('/v1/rings')).json()) as { rings: Array<RingAnswer & { motifs?: Motif[] }> };
    ring = list.rings.find((r) => r.members.includes('LA'));
  }
  assert.ok(ring, 'the loop is a ring');
  assert.deepEqual(ring.members, loop);
  assert.deepEqual(ring.motifs, [{ kind: 'cycle', transaction: 'l5', accounts: loop, transactions: ['l1', 'l2', 'l3', 'l4'] }]);
  assert.deepEqual(ring.evidence.map((e) => e.transaction), ['l5'], 'only the closing transfer alerted');
  assert.ok(ring.case_id, 'the ring got its case');
  const detail = (await (await call(`/v1/cases/${ring.case_id}`)).json()) as {
    evidence: Array<{ content: { subgraph?: { edges: Array<{ from: string; to: string; amount: string; transactions: string[] }> } } }>;
  };
  const edges = detail.evidence.flatMap((e) => e.content.subgraph?.edges ?? []);
  assert.deepEqual(edges.map((e) => e.transactions.join()).sort(), ['l1', 'l2', 'l3', 'l4', 'l5'], 'the loop\'s hops are drawn with the closing transfer');
  assert.equal(edges.find((e) => e.transactions.includes('l2'))?.amount, '8900.00');
});
