import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyEvidence } from '../../src/cases/evidence.js';
import { intakeAlerts } from '../../src/cases/intake.js';
import { basisOf, casePriority } from '../../src/cases/priority.js';
import { caseKind, fileScreeningHits, screeningAlertId, type ScreeningHit } from '../../src/cases/screening-cases.js';
import { openStores } from '../../src/store/open.js';
import { storeBackends } from './backends.js';

/**
 * Screening hits as alerts in screening cases, on every store adapter: filing is idempotent, a
 * party's later hits join its open screening case, the side-by-side evidence survives the round
 * trip with its hash, and transaction alerts of the same account never group into it.
 */

const NOW = new Date(Date.UTC(2026, 2, 1, 8, 0, 0));

function hit(account: string, list_id: string, score: number, extra: Partial<ScreeningHit> = {}): ScreeningHit {
  return {
    list: 'cn', list_version: 1, list_as_of: '2026-01-01T00:00:00.000Z', score, threshold: 0.8,
    match_reasons: ['name Han name equal 张伟明 [name] 0.970', 'dob agrees 1980-05-01'],
    query: { account, name: '張偉明', dob: '1980-05-01', country: 'CN', id_no: '440305198005011234' },
    entry: { list_id, name: '张伟明', kind: 'person', aliases: ['Zhang Weiming'], country: 'CN', dob: '1980-05-01', id_no: '440305********1234', source: 'test' },
    ...extra,
  };
}

for (const backend of storeBackends()) {
  describe(`screening cases: ${backend.name}`, { skip: backend.skip }, () => {
    test('hits open one screening case per party; filing again opens nothing; a new hit joins the open case', async () => {
      const stores = await openStores(await backend.fresh('screen'), { durability: 'normal' });
      try {
        const cases = stores.cases;
        const first = await fileScreeningHits(cases, [hit('A1', 'CN-1', 0.994), hit('B1', 'CN-9', 0.85), hit('A1', 'CN-1', 0.994)], { now: NOW });
        assert.equal(first.opened.length, 2);
        assert.deepEqual(first.filed.sort(), ['screen:cn:CN-1:A1', 'screen:cn:CN-9:B1']);
        assert.deepEqual(first.skipped, ['screen:cn:CN-1:A1'], 'the repeated hit is filed once');
        assert.equal(first.audit.length, 2);

        const again = await fileScreeningHits(cases, [hit('A1', 'CN-1', 0.994, { list_version: 2 }), hit('B1', 'CN-9', 0.85)], { now: new Date(NOW.getTime() + 60_000) });
        assert.deepEqual(again, { filed: [], skipped: ['screen:cn:CN-1:A1', 'screen:cn:CN-9:B1'], opened: [], updated: [], events: [], audit: [] });

        const more = await fileScreeningHits(cases, [hit('A1', 'CN-2', 0.9)], { now: new Date(NOW.getTime() + 120_000) });
        assert.equal(more.opened.length, 0);
        assert.equal(more.updated.length, 1);
        const caseId = (await cases.casesOfTransactions([screeningAlertId(hit('A1', 'CN-1', 1))])).get('screen:cn:CN-1:A1');
        assert.equal(more.updated[0], caseId);

        const detail = (await cases.getCaseDetail(caseId!))!;
        assert.equal(detail.case.subject, 'screening:A1');
        assert.deepEqual(detail.case.subjects, ['A1']);
        assert.equal(caseKind(detail.case), 'screening');
        assert.equal(detail.case.alert_count, 2);
        // Its priority (cases/priority.ts): the peak and the listed factor both read the match score.
        assert.equal(detail.case.risk, casePriority(basisOf(detail.alerts.map((a) => ({ score: a.score, amount: a.amount, currency: a.currency, reasons: a.reasons })))));
        assert.ok(detail.case.risk > 0.45, `a 0.994 sanctions match ranks high: ${detail.case.risk}`);
        assert.equal(detail.case.version, 2);
        assert.deepEqual(detail.alerts.map((a) => [a.transaction_id, a.from, a.to, a.decision]), [
          ['screen:cn:CN-1:A1', 'A1', 'cn:CN-1', 'REVIEW'], ['screen:cn:CN-2:A1', 'A1', 'cn:CN-2', 'REVIEW'],
        ]);
        assert.deepEqual(detail.alerts[0].reasons[0].values, [['list', 'cn'], ['list_version', 1], ['list_id', 'CN-1'], ['screen_score', 0.994]]);
        assert.equal(detail.evidence.length, 2);
        for (const e of detail.evidence) assert.deepEqual(verifyEvidence(e), { ok: true });
        const side = detail.evidence[0].content.screening!;
        assert.equal(side.query.name, '張偉明');
        assert.equal(side.entry.name, '张伟明');
        assert.deepEqual(side.entry.aliases, ['Zhang Weiming']);
        assert.equal(side.entry.id_no, '440305********1234');
        assert.equal(side.score, 0.994);

        // A transaction alert of A1 opens (or joins) A1's own case, never the screening case.
        const tx = { transaction_id: 'T1', time: NOW.toISOString(), from: 'A1', to: 'Z9', amount: 100, currency: 'CNY', score: 0.7, decision: 'REVIEW' as const, reasons: [] };
        const placed = await intakeAlerts(cases, [tx], { now: NOW });
        assert.equal(placed.placements[0].kind, 'opened');
        assert.notEqual(placed.placements[0].case_id, caseId);
        assert.equal(caseKind((await cases.getCase(placed.placements[0].case_id))!), 'transaction');
        // A search by account finds both.
        const found = await cases.listCases({ account: 'A1' });
        assert.deepEqual(found.map((c) => c.id).sort(), [caseId, placed.placements[0].case_id].sort());
      } finally {
        await stores.close();
      }
    });
  });
}
