import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createEvidence, evidenceFromStored, verifyEvidence, type EvidenceInput } from '../../src/cases/evidence.js';
import { canonicalJson } from '../../src/security/canonical-json.js';
import { NOW, alert, subgraphFor, txOf } from './helpers.js';

function input(): EvidenceInput {
  const a = alert('T1', 'A1', 'B1');
  return {
    case_id: 'CASE-20260115-0123456789', subject: 'A1', ring: 'R1', trigger: 'open', alert: a,
    transactions: [txOf(a, { device: 'dev-1', ip: '10.0.0.1' }), txOf(alert('T0', 'A1', 'B1', -1))],
    subgraph: {
      nodes: [...subgraphFor(a).nodes, { id: 'dev-1', kind: 'device' }],
      edges: [...subgraphFor(a).edges, { from: 'A1', to: 'dev-1', count: 3, amount: 0, transactions: [] }],
    },
    captured_at: NOW,
  };
}

test('a snapshot is canonical JSON with its SHA-256, and verifies', () => {
  const e = createEvidence(input());
  assert.equal(e.sha256, createHash('sha256').update(e.canonical, 'utf8').digest('hex'));
  assert.equal(canonicalJson(JSON.parse(e.canonical)), e.canonical);
  assert.deepEqual(verifyEvidence(e), { ok: true });
  assert.equal(e.case_id, 'CASE-20260115-0123456789');
  assert.equal(e.transaction_id, 'T1');
  assert.equal(e.content.trigger, 'open');
  assert.equal(e.content.ring, 'R1');
  // Reasons are kept with their feature values.
  assert.deepEqual(e.content.alert.reasons[0].values, [['fan_in_24h', 14], ['amount_sum_24h', 250000.5]]);
  assert.deepEqual(e.content.transactions.map((t) => t.id), ['T0', 'T1'], 'transactions by time');
  assert.equal(e.content.transactions[1].device, 'dev-1');
  assert.equal(e.content.subgraph.nodes.find((n) => n.id === 'B1')?.listed, true);
});

test('the snapshot is frozen: it cannot be changed in place', () => {
  const e = createEvidence(input());
  assert.throws(() => {
    (e.content.alert as { amount: number }).amount = 1;
  }, TypeError);
  assert.throws(() => {
    (e.content.subgraph.nodes as unknown[]).push({ id: 'x', kind: 'account' });
  }, TypeError);
  assert.throws(() => {
    (e as { canonical: string }).canonical = '{}';
  }, TypeError);
});

test('the hash detects an edit of the stored text, of the hash, or of the content', () => {
  const e = createEvidence(input());
  const editedText = e.canonical.replace('"amount":123450', '"amount":123451');
  assert.notEqual(editedText, e.canonical);
  const r1 = verifyEvidence(evidenceFromStored(editedText, e.sha256));
  assert.equal(r1.ok, false);
  assert.match(!r1.ok ? r1.problem : '', /does not match its SHA-256/);

  // Rehashing the edited text is caught when the hash is compared with the one recorded elsewhere (the audit log);
  // here: the original hash no longer matches, and a forged pair differs from the original hash.
  const forgedHash = createHash('sha256').update(editedText).digest('hex');
  assert.notEqual(forgedHash, e.sha256);

  const content = structuredClone(e.content) as { alert: { score: number } };
  content.alert.score = 0.1;
  const r2 = verifyEvidence({ ...e, content: content as never });
  assert.equal(r2.ok, false);
  assert.match(!r2.ok ? r2.problem : '', /content differs from the hashed text/);

  const r3 = verifyEvidence({ ...e, sha256: 'f'.repeat(64) });
  assert.equal(r3.ok, false);
  const r4 = verifyEvidence({ ...e, transaction_id: 'T2' });
  assert.equal(r4.ok, false);
  const spaced = JSON.stringify(JSON.parse(e.canonical), null, 1);
  const r5 = verifyEvidence(evidenceFromStored(spaced, createHash('sha256').update(spaced).digest('hex')));
  assert.match(!r5.ok ? r5.problem : '', /not canonical/);
});

test('a stored snapshot read back verifies and equals the original', () => {
  const e = createEvidence(input());
  const back = evidenceFromStored(e.canonical, e.sha256);
  assert.deepEqual(back, e);
  assert.deepEqual(verifyEvidence(back), { ok: true });
});

test('the same facts in another order give the same hash', () => {
  const a = input();
  const b = input();
  b.subgraph = { nodes: [...(b.subgraph?.nodes ?? [])].reverse(), edges: [...(b.subgraph?.edges ?? [])].reverse() };
  b.transactions = [...(b.transactions ?? [])].reverse();
  assert.equal(createEvidence(a).sha256, createEvidence(b).sha256);
  const c = input();
  c.captured_at = new Date(NOW.getTime() + 1);
  assert.notEqual(createEvidence(a).sha256, createEvidence(c).sha256, 'capture time is part of the evidence');
});

test('invalid evidence is refused with the field named', () => {
  const edgeToNowhere = input();
  edgeToNowhere.subgraph?.edges.push({ from: 'A1', to: 'ghost', count: 1, amount: 1, transactions: [] });
  assert.throws(() => createEvidence(edgeToNowhere), /ends at "ghost", which is not a node/);
  const dupNode = input();
  dupNode.subgraph?.nodes.push({ id: 'A1', kind: 'account' });
  assert.throws(() => createEvidence(dupNode), /node "A1" is listed twice/);
  const floatAmount = input();
  floatAmount.subgraph?.edges.push({ from: 'A1', to: 'B1', count: 1, amount: 1.5, transactions: [] });
  assert.throws(() => createEvidence(floatAmount), /amount must be a whole number/);
  const nanScore = input();
  nanScore.alert = { ...nanScore.alert, score: Number.NaN };
  assert.throws(() => createEvidence(nanScore), /not a JSON number/);
  assert.throws(() => createEvidence({ ...input(), case_id: '' }), /case_id must be a non-empty string/);
});

test('without transactions or a subgraph, the alert alone is frozen', () => {
  const e = createEvidence({ case_id: 'C', subject: 'A1', trigger: 'alert', alert: alert('T1', 'A1', 'B1'), captured_at: NOW });
  assert.deepEqual(e.content.transactions, []);
  assert.deepEqual(e.content.subgraph, { nodes: [], edges: [] });
  assert.equal(e.content.ring, null);
  assert.deepEqual(verifyEvidence(e), { ok: true });
});
