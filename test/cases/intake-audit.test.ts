import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { performAction } from '../../src/cases/actions.js';
import { intakeAlerts } from '../../src/cases/intake.js';
import { exportGoaml } from '../../src/cases/report/goaml.js';
import { AuditLog, readAudit } from '../../src/security/audit.js';
import { auditSigner, generateAuditKey } from '../../src/security/audit-keys.js';
import { SqliteCaseStore } from '../../src/store/sqlite-cases.js';
import { SqliteSecurityStore } from '../../src/store/sqlite-security.js';
import { INSTITUTION, NOW, PARTIES, alert, subgraphFor, txOf } from './helpers.js';

test('intake with rings and an async evidence source; every action\'s audit description is accepted by the audit log', async () => {
  const db = new Database(':memory:');
  const cases = new SqliteCaseStore(db);
  const security = new SqliteSecurityStore(db);
  const log = new AuditLog(security, auditSigner(generateAuditKey(new Uint8Array(32).fill(3))), { checkpointEvery: 0, now: () => NOW });
  const asked: string[] = [];
  const r = await intakeAlerts(cases, [alert('T1', 'A1', 'B1', 0), alert('T2', 'A2', 'B1', 1), alert('T3', 'A3', 'B1', 2)], {
    now: NOW,
    actor: 'engine',
    rings: new Map([['A1', 'R7'], ['A2', 'R7']]),
    evidence: async (a, ctx) => {
      asked.push(`${a.transaction_id}:${ctx.trigger}:${ctx.ring ?? '-'}`);
      return { transactions: [txOf(a)], subgraph: subgraphFor(a) };
    },
  });
  assert.deepEqual(asked, ['T1:open:R7', 'T2:alert:R7', 'T3:open:-']);
  assert.equal(r.cases.length, 2);
  assert.ok(r.events.every((e) => e.actor === 'engine'));
  const ringCase = r.cases.find((c) => c.ring === 'R7');
  assert.ok(ringCase);

  const audits = [...r.audit];
  const sam = { id: 'sam', role: 'supervisor' };
  for (const action of [
    { type: 'assign', assignee: 'ana' }, { type: 'investigate' }, { type: 'comment', text: 'note' }, { type: 'escalate' },
    { type: 'reassign', assignee: 'sam' },
  ] as const) {
    const done = await performAction(cases, ringCase.id, action, sam, NOW);
    assert.ok(done);
    audits.push(done.audit);
  }
  const detail = await cases.getCaseDetail(ringCase.id);
  assert.ok(detail);
  const report = exportGoaml({ case: detail.case, alerts: detail.alerts, evidence: detail.evidence, institution: INSTITUTION, parties: { ...PARTIES, A2: { ...PARTIES.A1, account: 'A2' } }, submission_date: NOW });
  assert.ok(report.ok, report.ok ? '' : report.missing.join('\n'));
  for (const action of [
    { type: 'export', format: 'goaml', sha256: report.sha256 }, { type: 'close', outcome: 'reported' }, { type: 'reopen' },
  ] as const) {
    const done = await performAction(cases, ringCase.id, action, sam, NOW);
    assert.ok(done);
    audits.push(done.audit);
  }
  for (const a of audits) await log.append({ actor: 'user:sam', ...a });
  const rows = await readAudit(security);
  assert.deepEqual(rows.map((x) => x.action), [
    'case.open', 'case.alert_add', 'case.open', 'case.assign', 'case.investigate', 'case.comment', 'case.escalate', 'case.reassign',
    'export', 'case.close', 'case.reopen',
  ]);
  assert.ok(rows.slice(3).every((x) => x.subject === ringCase.id));
  db.close();
});
