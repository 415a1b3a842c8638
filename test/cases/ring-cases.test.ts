import { basisOf, casePriority } from '../../src/cases/priority.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { intakeAlerts } from '../../src/cases/intake.js';
import { intakeRing, type RingCaseInput } from '../../src/cases/ring-cases.js';
import { verifyEvidence, type EvidenceSubgraph } from '../../src/cases/evidence.js';
import type { AlertFields } from '../../src/cases/case.js';
import { ringSubgraph } from '../../src/engine/ring-cases.js';
import { SqliteCaseStore } from '../../src/store/sqlite-cases.js';
import { DAY, NOW, alert, txOf } from './helpers.js';

const RING = 'ring-00000000000000aa';
const MEMBERS = ['A', 'B', 'C', 'D'];

function ringInput(alerts: AlertFields[], evidence: AlertFields[] = alerts): RingCaseInput {
  const transactions = evidence.map((a) => txOf(a));
  return {
    ring: RING, members: MEMBERS, risk: 0.52, reasons: [{ name: 'evidence', value: 0.8 }, { name: 'layering', value: 0.5 }],
    alerts, subgraph: ringSubgraph({ ring: RING, members: MEMBERS }, transactions), transactions,
  };
}

function edgeTx(g: EvidenceSubgraph): string[] {
  return g.edges.flatMap((e) => e.transactions).sort();
}

test('a ring opens one case: member alerts attached, unstarted member cases merged, worked cases kept, evidence frozen; a second run changes nothing', async () => {
  const cases = new SqliteCaseStore(new Database(':memory:'));
  const a1 = alert('T1', 'A', 'B', 0);
  const a2 = alert('T2', 'B', 'C', 1);
  const a3 = alert('T3', 'C', 'A', 2);
  const a4 = alert('T4', 'D', 'A', 3);
  const a5 = alert('T5', 'B', 'X', 4, { score: 0.95 });
  // The alert filer got there first: one subject case per payer.
  const filed = await intakeAlerts(cases, [a1, a2, a3, a4], { now: NOW });
  assert.equal(filed.cases.length, 4);
  // D's case is being worked: it keeps its alert.
  const dCase = filed.cases.find((c) => c.subject === 'D')!;
  await cases.commit({ cases: [{ ...dCase, state: 'investigating', assignee: 'ana', version: dCase.version + 1 }] });
  // An alert outside the ring's members is ignored; a5 is in no case yet.
  const stranger = alert('T9', 'Z', 'A', 2);

  const first = await intakeRing(cases, ringInput([a1, a2, a3, a4, a5, stranger], [a1, a2, a3, a4]), { now: NOW });
  assert.equal(first.outcome, 'opened');
  assert.deepEqual(first.attached, ['T5']);
  assert.deepEqual(first.moved.sort(), ['T1', 'T2', 'T3']);
  assert.equal(first.merged.length, 3);
  const ringCase = (await cases.getCaseDetail(first.case_id!))!;
  assert.equal(ringCase.case.subject, RING);
  assert.equal(ringCase.case.ring, RING);
  assert.deepEqual(ringCase.case.subjects, MEMBERS);
  assert.equal(ringCase.case.alert_count, 4);
  // The priority of its four alerts (scores 0.8, 0.8, 0.8, 0.95) and the ring's risk (cases/priority.ts).
  assert.equal(ringCase.case.risk_basis.peak, 0.95);
  assert.equal(ringCase.case.risk_basis.ring_risk, 0.52);
  assert.equal(ringCase.case.risk, casePriority(basisOf([a1, a2, a3, a5], 0.52)));
  const merged = await cases.getCase(filed.cases.find((c) => c.subject === 'A')!.id);
  assert.deepEqual([merged?.state, merged?.alert_count, merged?.risk], ['closed', 0, 0], 'a merged case keeps no priority');
  assert.deepEqual(ringCase.alerts.map((a) => a.transaction_id), ['T1', 'T2', 'T3', 'T5']);
  assert.ok(ringCase.alerts.every((a) => a.ring === RING));
  assert.equal(ringCase.case.first_alert_at, a1.time);
  // The ring's evidence: one snapshot with the subgraph of its four evidence transfers.
  assert.equal(ringCase.evidence.length, 1);
  assert.deepEqual(verifyEvidence(ringCase.evidence[0]), { ok: true });
  assert.equal(ringCase.evidence[0].content.subject, RING);
  assert.deepEqual(edgeTx(ringCase.evidence[0].content.subgraph), ['T1', 'T2', 'T3', 'T4']);
  assert.ok(ringCase.evidence[0].content.subgraph.nodes.filter((n) => n.ring === RING).length === 4);
  const open = ringCase.events.find((e) => e.kind === 'open')!;
  assert.deepEqual([open.data.ring, open.data.ring_risk, open.data.ring_size], [RING, 0.52, 4]);
  assert.equal(ringCase.events.filter((e) => e.data.moved_from !== undefined).length, 3);
  // Merged cases are closed and say where their alerts went; the worked case is untouched.
  for (const id of first.merged) {
    const d = (await cases.getCaseDetail(id))!;
    assert.equal(d.case.state, 'closed');
    assert.equal(d.alerts.length, 0);
    assert.equal(d.events.at(-1)!.data.merged_into, first.case_id);
  }
  const worked = (await cases.getCaseDetail(dCase.id))!;
  assert.equal(worked.case.state, 'investigating');
  assert.deepEqual(worked.alerts.map((a) => a.transaction_id), ['T4']);
  // Audited like alert intake, plus the merges and the frozen evidence.
  const actions = first.audit.map((e) => e.action).sort();
  assert.deepEqual(actions, ['case.alert_add', 'case.alert_add', 'case.alert_add', 'case.merge', 'case.merge', 'case.merge', 'case.open', 'case.ring_evidence']);

  // Idempotent: the same ring again (a refresh, a restart) writes nothing.
  const again = await intakeRing(cases, ringInput([a1, a2, a3, a4, a5], [a1, a2, a3, a4]), { now: new Date(NOW.getTime() + DAY) });
  assert.equal(again.outcome, 'unchanged');
  assert.equal(again.case_id, first.case_id);
  assert.equal(again.audit.length, 0);
  const after = (await cases.getCaseDetail(first.case_id!))!;
  assert.equal(after.case.version, ringCase.case.version);
  assert.equal(after.events.length, ringCase.events.length);
  assert.equal((await cases.listCases({ ring: RING })).length, 1, 'one case per ring');
});

test('a ring that grows gets its new alert and a fresh snapshot; a member\'s later alert joins the ring case; a ring with nothing to take is skipped', async () => {
  const cases = new SqliteCaseStore(new Database(':memory:'));
  const a1 = alert('T1', 'A', 'B', 0);
  const a2 = alert('T2', 'B', 'C', 1);
  const first = await intakeRing(cases, ringInput([a1, a2]), { now: NOW });
  assert.equal(first.outcome, 'opened');
  assert.deepEqual(first.attached, ['T1', 'T2']);

  const a3 = alert('T3', 'C', 'D', 2);
  const grown = await intakeRing(cases, ringInput([a1, a2, a3]), { now: NOW });
  assert.equal(grown.outcome, 'updated');
  assert.equal(grown.case_id, first.case_id);
  assert.deepEqual(grown.attached, ['T3']);
  const d = (await cases.getCaseDetail(first.case_id!))!;
  assert.equal(d.evidence.length, 2);
  assert.deepEqual(edgeTx(d.evidence[1].content.subgraph), ['T1', 'T2', 'T3']);

  // Evidence changed without a new member alert (a payee-side transfer): a new snapshot, an `attach` entry.
  const x = alert('T4', 'X', 'D', 3);
  const refreshed = await intakeRing(cases, ringInput([a1, a2, a3], [a1, a2, a3, x]), { now: NOW });
  assert.equal(refreshed.outcome, 'updated');
  assert.ok(refreshed.evidence_sha256);
  assert.equal((await cases.getCaseDetail(first.case_id!))!.events.at(-1)!.kind, 'attach');

  // The alert filer, told the ring of its members, puts D's next alert into the ring case.
  const later = await intakeAlerts(cases, [alert('T5', 'D', 'Q', 5)], { now: NOW, rings: new Map([['D', RING]]) });
  assert.equal(later.placements[0].case_id, first.case_id);

  // Five more of D's alerts: the ring's own snapshot is now sixth from the newest. Running the ring
  // again with the same evidence finds it (reading newest first, a few at a time) and changes
  // nothing, without reading the case's whole history.
  for (let k = 6; k <= 10; k++) await intakeAlerts(cases, [alert(`T${k}`, 'D', 'Q', k)], { now: NOW, rings: new Map([['D', RING]]) });
  const newest = await cases.caseEvidence(first.case_id!, { limit: 6, offset: 0, order: 'desc' });
  assert.deepEqual(newest.items.map((e) => e.content.subject), ['D', 'D', 'D', 'D', 'D', 'D']);
  let wholeReads = 0;
  const watched = new Proxy(cases, {
    get: (target, key) => {
      if (key === 'getCaseDetail') wholeReads++;
      const v = Reflect.get(target, key) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const again = await intakeRing(watched, ringInput([a1, a2, a3], [a1, a2, a3, x]), { now: NOW });
  assert.equal(again.outcome, 'unchanged');
  assert.equal(again.evidence_sha256, null);
  assert.equal(wholeReads, 0);

  // A ring whose members' alerts are all held by worked cases, and that has no case yet, is skipped
  // (while the ring case is unstarted, a ring of the same members under a new id takes it over).
  const ringCase = (await cases.getCase(first.case_id!))!;
  await cases.commit({ cases: [{ ...ringCase, state: 'assigned', assignee: 'ana', version: ringCase.version + 1 }] });
  const other = await intakeRing(cases, { ...ringInput([a1]), ring: 'ring-00000000000000bb' }, { now: NOW });
  assert.equal(other.outcome, 'skipped');
  assert.equal(other.case_id, null);
});
