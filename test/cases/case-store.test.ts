import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { performAction } from '../../src/cases/actions.js';
import { commentsOf } from '../../src/cases/case.js';
import { verifyEvidence } from '../../src/cases/evidence.js';
import { groupAlerts } from '../../src/cases/grouping.js';
import { intakeAlerts, type IntakeOptions } from '../../src/cases/intake.js';
import { exportGoaml } from '../../src/cases/report/goaml.js';
import { CaseConflictError, type CaseStore } from '../../src/cases/store-port.js';
import { openStores } from '../../src/store/open.js';
import { CASE_PRIORITY_MIGRATION } from '../../src/store/pg/migrations.js';
import { storeBackends } from '../store/backends.js';
import { SqliteCaseStore } from '../../src/store/sqlite-cases.js';
import { INSTITUTION, NOW, PARTIES, alert, subgraphFor, txOf } from './helpers.js';

const options = (extra: Partial<IntakeOptions> = {}): IntakeOptions => ({
  now: NOW,
  evidence: (a) => ({ transactions: [txOf(a)], subgraph: subgraphFor(a) }),
  ...extra,
});

/** The case store's contract, on every adapter (SQLite and PostgreSQL). */

function conflict(kind: string) {
  return (e: unknown) => e instanceof CaseConflictError && e.kind === kind;
}

for (const backend of storeBackends()) {
  describe(`case store: ${backend.name}`, { skip: backend.skip }, () => {
    test('round trip: intake, detail with alerts, history and evidence, reopen the store', async () => {
      const path = await backend.fresh('cases');
      {
        const opened = await openStores(path, { durability: 'full' });
        const store = opened.cases;
        const r = await intakeAlerts(store, [alert('T1', 'A1', 'B1', 0), alert('T2', 'A1', 'C1', 2, { score: 0.97 }), alert('T3', 'Z9', 'B1', 1)], options());
        assert.equal(r.cases.length, 2);
        assert.equal(r.events.length, 3);
        assert.ok(r.events.every((e) => e.seq > 0));
        assert.deepEqual(r.audit.map((a) => a.action).sort(), ['case.alert_add', 'case.open', 'case.open']);
        const caseA = r.cases.find((c) => c.subject === 'A1');
        assert.ok(caseA);
        await opened.close();

        const again = await openStores(path, { mustExist: true });
        const reopened = again.cases;
        const detail = await reopened.getCaseDetail(caseA.id);
        assert.ok(detail);
        assert.deepEqual(detail.case, caseA);
        assert.deepEqual(detail.alerts.map((a) => [a.transaction_id, a.subject, a.case_id]), [['T1', 'A1', caseA.id], ['T2', 'A1', caseA.id]]);
        assert.deepEqual(detail.alerts[1].reasons, alert('T2', 'A1', 'C1').reasons);
        assert.deepEqual(detail.events.map((e) => [e.kind, e.from_state, e.to_state, e.data.transaction_id]), [['open', null, 'new', 'T1'], ['alert', 'new', 'new', 'T2']]);
        assert.equal(detail.evidence.length, 2);
        for (const e of detail.evidence) assert.deepEqual(verifyEvidence(e), { ok: true });
        assert.equal(detail.events[0].data.evidence_sha256, detail.evidence[0].sha256, 'history names the evidence hash');
        assert.equal(detail.evidence[0].content.transactions[0].channel, 'transfer');

        // The stored evidence and history are append-only.
        await assert.rejects(backend.exec(path, "UPDATE case_evidence SET content = '{}' WHERE seq = 1"), /append-only/);
        await assert.rejects(backend.exec(path, 'DELETE FROM case_events'), /append-only/);
        await again.close();
      }
    });

    test('intake is idempotent and never opens a second case for a subject or ring', async () => {
      const stores = await openStores(await backend.fresh('cases'), { durability: 'normal' });
      const store = stores.cases;
      const rings = { A1: 'R1', A2: 'R1' };
      const first = await intakeAlerts(store, [alert('T1', 'A1', 'B1', 0), alert('T2', 'A2', 'B1', 1)], options({ rings }));
      assert.equal(first.cases.length, 1);
      const again = await intakeAlerts(store, [alert('T1', 'A1', 'B1', 0), alert('T3', 'A2', 'B1', 3), alert('T3', 'A2', 'B1', 3)], options({ rings }));
      assert.deepEqual(again.skipped.sort(), ['T1', 'T3']);
      assert.equal(again.placements.length, 1);
      assert.equal(again.placements[0].case_id, first.cases[0].id);
      assert.equal(again.cases[0].version, 2);
      assert.equal((await store.listCases({})).length, 1);
      const detail = await store.getCaseDetail(first.cases[0].id);
      assert.equal(detail?.case.alert_count, 3);
      assert.deepEqual(detail?.case.subjects, ['A1', 'A2']);
      await stores.close();
    });

    test('a writer that grouped against a stale read is refused, and intake retries into the existing case', async () => {
      const stores = await openStores(await backend.fresh('cases'), { durability: 'normal' });
      const store = stores.cases;
      await intakeAlerts(store, [alert('T1', 'A1', 'B1', 0)], options());
      // A second worker that read before T1 was stored would open a new case for A1.
      const stale = groupAlerts([alert('T2', 'A1', 'B1', 1)], [], {}, NOW);
      await assert.rejects(store.commit({ cases: stale.cases, guard: { windowMs: 30 * 86_400_000 } }), conflict('duplicate_open_case'));
      assert.equal((await store.listCases({})).length, 1, 'nothing was written');
      // Without the guard the store would accept it; with intake the retry joins the open case.
      const r = await intakeAlerts(store, [alert('T2', 'A1', 'B1', 1)], options());
      assert.equal(r.placements[0].kind, 'joined');
      // The same transaction cannot be put in two cases.
      const other = groupAlerts([alert('T2', 'Q', 'B1', 1)], [], {}, NOW).cases[0];
      await assert.rejects(store.commit({
        cases: [other],
        alerts: [{ ...alert('T2', 'Q', 'B1', 1), case_id: other.id, subject: 'Q', ring: null, added_at: NOW.toISOString() }],
      }), conflict('alert_taken'));
      assert.equal(await store.getCase(other.id), undefined, 'the whole write was rolled back');
      await stores.close();
    });

    test('workflow actions are stored with the history; a stale version is refused', async () => {
      const stores = await openStores(await backend.fresh('cases'), { durability: 'normal' });
      const store = stores.cases;
      const { cases: [c] } = await intakeAlerts(store, [alert('T1', 'A1', 'B1', 0)], options());
      const ana = { id: 'ana', role: 'analyst' };
      const assigned = await performAction(store, c.id, { type: 'assign', assignee: 'ana' }, ana, NOW);
      assert.equal(assigned?.case.state, 'assigned');
      assert.equal(assigned?.audit.action, 'case.assign');
      await performAction(store, c.id, { type: 'investigate' }, ana, NOW);
      await performAction(store, c.id, { type: 'comment', text: 'KYC refreshed' }, ana, NOW);
      await performAction(store, c.id, {
        type: 'attach', attachment: { name: 'kyc.pdf', size: 10, sha256: 'a'.repeat(64), content_type: 'application/pdf' },
      }, ana, NOW);
      const detail = await store.getCaseDetail(c.id);
      assert.equal(detail?.case.state, 'investigating');
      assert.equal(detail?.case.assignee, 'ana');
      assert.deepEqual(detail?.events.map((e) => e.kind), ['open', 'assign', 'investigate', 'comment', 'attach']);
      assert.deepEqual(commentsOf(detail?.events ?? []).map((x) => x.text), ['KYC refreshed']);
      assert.equal(detail?.events[4].data.attachment?.name, 'kyc.pdf');
      // Someone writing from the version read before the last change is refused.
      await assert.rejects(store.commit({ cases: [{ ...assigned!.case, state: 'escalated', version: assigned!.case.version + 1 }] }), conflict('version'));
      await assert.rejects(store.commit({ cases: [{ ...c, id: 'CASE-NOPE', version: 5 }] }), conflict('missing'));
      await assert.rejects(store.commit({ cases: [c] }), conflict('exists'));
      assert.equal(await performAction(store, 'CASE-NOPE', { type: 'investigate' }, ana, NOW), undefined);
      await stores.close();
    });

    test('a case\'s alerts, history and evidence come page by page, with their totals, in either order', async () => {
      const stores = await openStores(await backend.fresh('parts'), { durability: 'normal' });
      const store = stores.cases;
      const r = await intakeAlerts(store, [0, 1, 2, 3, 4].map((d) => alert(`P${d}`, 'A', 'X', d)), options());
      const id = r.cases[0].id;
      const alerts = await store.caseAlerts(id, { limit: 2, offset: 1 });
      assert.deepEqual([alerts.total, alerts.items.map((a) => a.transaction_id)], [5, ['P1', 'P2']]);
      const newest = await store.caseAlerts(id, { limit: 2, offset: 0, order: 'desc' });
      assert.deepEqual(newest.items.map((a) => a.transaction_id), ['P4', 'P3']);
      const events = await store.caseEvents(id, { limit: 10, offset: 3 });
      assert.deepEqual([events.total, events.items.map((e) => e.data.transaction_id)], [5, ['P3', 'P4']]);
      const evidence = await store.caseEvidence(id, { limit: 1, offset: 4 });
      assert.deepEqual([evidence.total, evidence.items.map((e) => e.transaction_id)], [5, ['P4']]);
      assert.deepEqual(verifyEvidence(evidence.items[0]), { ok: true });
      assert.deepEqual(await store.caseAlerts(id, { limit: 5, offset: 9 }), { items: [], total: 5 });
      assert.deepEqual(await store.caseEvents('CASE-NOPE', { limit: 5, offset: 0 }), { items: [], total: 0 });
      await stores.close();
    });

    test('a store written before case priorities gets them on open, computed from the alerts its cases hold', async () => {
      const url = await backend.fresh('backfill');
      let stores = await openStores(url, { durability: 'normal' });
      const r = await intakeAlerts(stores.cases, [
        alert('T1', 'A', 'X', 0, { score: 1 }), alert('T2', 'A', 'Y', 1, { score: 0.5, amount: 5000 }), alert('T3', 'B', 'X', 2, { score: 0.9 }),
      ], options());
      const want = new Map(r.cases.map((c) => [c.id, c]));
      await stores.close();
      // As an older release left it: no basis column (SQLite) or a schema before the priority migration (PostgreSQL), risk = highest alert score.
      await backend.exec(url, backend.name === 'sqlite'
        ? 'ALTER TABLE cases DROP COLUMN risk_basis; UPDATE cases SET risk = 1'
        : `ALTER TABLE cases DROP COLUMN risk_basis; UPDATE cases SET risk = 1; DELETE FROM ringwatch_schema WHERE version >= ${CASE_PRIORITY_MIGRATION}`);
      stores = await openStores(url, { durability: 'normal' });
      const got = await stores.cases.listCases({});
      assert.equal(got.length, 2);
      for (const c of got) {
        assert.deepEqual(c.risk_basis, want.get(c.id)?.risk_basis);
        assert.equal(c.risk, want.get(c.id)?.risk);
        assert.ok(c.risk < 1);
      }
      await stores.close();
    });

    test('queries: open case by subject or ring, list with filters and sorting, cases of transactions', async () => {
      const stores = await openStores(await backend.fresh('cases'), { durability: 'normal' });
      const store = stores.cases;
      const rings = { R_A: 'R1', R_B: 'R1' };
      const r = await intakeAlerts(store, [
        alert('T1', 'A', 'X', 0, { score: 0.5 }), alert('T2', 'B', 'X', 1, { score: 0.9 }), alert('T3', 'R_A', 'X', 2, { score: 0.7 }),
        alert('T4', 'R_B', 'X', 3, { score: 0.6 }), alert('T5', 'C', 'X', 4, { score: 0.8 }),
      ], options({ rings }));
      const id = (subject: string): string => r.cases.find((c) => c.subjects.includes(subject))!.id;
      assert.equal((await store.findOpenCase({ subject: 'R_B' }))?.id, id('R_A'), 'found by a subject that joined via the ring');
      assert.equal((await store.findOpenCase({ ring: 'R1' }))?.id, id('R_A'));
      assert.equal(await store.findOpenCase({ subject: 'nobody' }), undefined);
      assert.equal((await store.findOpenCase({ subject: 'A', time: alert('x', 'A', 'X', 20).time, windowMs: 30 * 86_400_000 }))?.id, id('A'));
      assert.equal(await store.findOpenCase({ subject: 'A', time: alert('x', 'A', 'X', 40).time, windowMs: 30 * 86_400_000 }), undefined);
      await assert.rejects(store.findOpenCase({}), /subject or a ring/);

      const sam = { id: 'sam', role: 'supervisor' };
      await performAction(store, id('B'), { type: 'assign', assignee: 'ana' }, sam, NOW);
      await performAction(store, id('C'), { type: 'close', outcome: 'false_positive' }, sam, NOW);
      assert.equal(await store.findOpenCase({ subject: 'C' }), undefined, 'a closed case is not open');

      const ids = async (q: Parameters<CaseStore['listCases']>[0]): Promise<string[]> => (await store.listCases(q)).map((c) => c.id);
      // Priorities (cases/priority.ts), every alert with two patterns (breadth 1/3, + 0.0333): R_A two alerts 0.7 + 0.6 of
      // equal amounts, 0.21 + 0.25 × 1.3/6.3 + 0.1 × 0.5 + 0.0333 = 0.3449; B 0.27 + 0.25 × 0.9/5.9 + 0.0333 = 0.3415;
      // C 0.24 + 0.25 × 0.8/5.8 + 0.0333 = 0.3078; A 0.15 + 0.25 × 0.5/5.5 + 0.0333 = 0.2061.
      assert.deepEqual((await store.listCases({})).map((c) => c.risk), [0.3449, 0.3415, 0.3078, 0.2061]);
      assert.deepEqual(await ids({}), [id('R_A'), id('B'), id('C'), id('A')], 'priority, highest first');
      assert.deepEqual(await ids({ sort: 'risk', order: 'asc' }), [id('A'), id('C'), id('B'), id('R_A')]);
      assert.deepEqual((await store.getCase(id('R_A')))?.risk_basis, r.cases.find((c) => c.id === id('R_A'))?.risk_basis, 'the basis is stored with the case');
      assert.deepEqual(await ids({ state: 'new' }), [id('R_A'), id('A')]);
      assert.deepEqual(await ids({ state: ['assigned', 'closed'] }), [id('B'), id('C')]);
      assert.deepEqual(await ids({ state: [] }), []);
      assert.deepEqual(await ids({ assignee: 'ana' }), [id('B')]);
      assert.deepEqual(await ids({ assignee: null, state: 'new' }), [id('R_A'), id('A')]);
      assert.deepEqual(await ids({ outcome: 'false_positive' }), [id('C')]);
      assert.deepEqual(await ids({ min_risk: 0.34 }), [id('R_A'), id('B')]);
      assert.deepEqual(await ids({ ring: 'R1' }), [id('R_A')]);
      assert.deepEqual(await ids({ subject: 'R_B' }), [id('R_A')]);
      assert.deepEqual(await ids({ sort: 'alert_count', limit: 1 }), [id('R_A')]);
      // Ties (one alert each) go to the latest alert first: C (day 4), B (day 1), A (day 0).
      assert.deepEqual(await ids({ sort: 'alert_count' }), [id('R_A'), id('C'), id('B'), id('A')]);
      assert.deepEqual(await ids({ sort: 'last_alert_at', order: 'asc' }), [id('A'), id('B'), id('R_A'), id('C')]);
      assert.deepEqual(await ids({ sort: 'last_alert_at', order: 'asc', limit: 2, offset: 1 }), [id('B'), id('R_A')]);
      await assert.rejects(store.listCases({ sort: 'id; DROP TABLE cases' as never }), /unknown sort/);

      const open = await store.openCasesFor(['A', 'R_B', 'C'], ['R1']);
      assert.deepEqual(open.map((c) => c.id).sort(), [id('A'), id('R_A')].sort(), 'closed cases are left out');
      const held = await store.casesOfTransactions(['T1', 'T4', 'nope']);
      assert.deepEqual([...held.entries()].sort(), [['T1', id('A')], ['T4', id('R_A')]]);
      await stores.close();
    });
  });
}

test('a shared connection is used as is and left open; the stored case exports', async () => {
  const db = new Database(':memory:');
  const store = new SqliteCaseStore(db);
  const { cases: [c] } = await intakeAlerts(store, [alert('T1', 'A1', 'B1', 0)], options());
  const again = new SqliteCaseStore(db);
  assert.equal((await again.getCase(c.id))?.id, c.id, 'opening the schema again changes nothing');
  await store.close();
  assert.equal(db.open, true);
  const detail = await again.getCaseDetail(c.id);
  assert.ok(detail);
  const r = exportGoaml({ case: detail.case, alerts: detail.alerts, evidence: detail.evidence, institution: INSTITUTION, parties: PARTIES, submission_date: NOW });
  assert.ok(r.ok, r.ok ? '' : r.missing.join('\n'));
  db.close();
});
