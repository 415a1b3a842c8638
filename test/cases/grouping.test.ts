import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseId, openCase } from '../../src/cases/case.js';
import { DEFAULT_WINDOW_MS, findOpenCase, groupAlerts, ringOf, subjectOf, withinWindow } from '../../src/cases/grouping.js';
import { DAY, NOW, alert } from './helpers.js';

test('alerts of the same subject go into one case', () => {
  const r = groupAlerts([alert('T1', 'A', 'X', 0), alert('T2', 'A', 'Y', 3, { score: 0.95 }), alert('T3', 'A', 'Z', 10)], [], {}, NOW);
  assert.equal(r.cases.length, 1);
  const c = r.cases[0];
  assert.equal(c.subject, 'A');
  assert.deepEqual(c.subjects, ['A']);
  assert.equal(c.alert_count, 3);
  // Priority (cases/priority.ts): peak 0.95, scores 2.55 in all, two patterns, three equal amounts:
  // 0.3 × 0.95 + 0.25 × 2.55/7.55 + 0.1 × 1/3 + 0.1 × 2/3 = 0.4694.
  assert.equal(c.risk, 0.4694);
  assert.equal(c.risk_basis.peak, 0.95);
  assert.equal(c.state, 'new');
  assert.equal(c.version, 1);
  assert.deepEqual(r.placements.map((p) => [p.transaction_id, p.kind, p.via]), [['T1', 'opened', null], ['T2', 'joined', 'subject'], ['T3', 'joined', 'subject']]);
  assert.ok(r.placements.every((p) => p.case_id === c.id));
  assert.match(c.id, /^CASE-20260115-[0-9A-F]{10}$/);
  assert.equal(c.first_alert_at, alert('T1', 'A', 'X', 0).time);
  assert.equal(c.last_alert_at, alert('T3', 'A', 'Z', 10).time);
});

test('different subjects get different cases; the payee is not the subject by default', () => {
  const r = groupAlerts([alert('T1', 'A', 'X'), alert('T2', 'B', 'A'), alert('T3', 'X', 'A')], [], {}, NOW);
  assert.deepEqual(r.cases.map((c) => c.subject).sort(), ['A', 'B', 'X']);
});

test('an alert outside the window opens a new case; inside the (rolling) window it joins', () => {
  const inside = groupAlerts([alert('T1', 'A', 'X', 0), alert('T2', 'A', 'X', 29), alert('T3', 'A', 'X', 58)], [], {}, NOW);
  assert.equal(inside.cases.length, 1, 'each alert is within 30 days of the last one');
  const outside = groupAlerts([alert('T1', 'A', 'X', 0), alert('T2', 'A', 'X', 31)], [], {}, NOW);
  assert.equal(outside.cases.length, 2);
  assert.deepEqual(outside.placements.map((p) => p.kind), ['opened', 'opened']);
  const short = groupAlerts([alert('T1', 'A', 'X', 0), alert('T2', 'A', 'X', 3)], [], { windowMs: 2 * DAY }, NOW);
  assert.equal(short.cases.length, 2, 'the window is configurable');
  assert.equal(DEFAULT_WINDOW_MS, 30 * DAY);
  assert.throws(() => groupAlerts([], [], { windowMs: -1 }, NOW), /window/);
});

test('a window boundary is inclusive and holds on both sides of the alert span', () => {
  const c = openCase(alert('T1', 'A', 'X', 10), 'A', null, NOW);
  assert.equal(withinWindow(c, Date.parse(c.first_alert_at) - 30 * DAY, 30 * DAY), true);
  assert.equal(withinWindow(c, Date.parse(c.first_alert_at) - 30 * DAY - 1, 30 * DAY), false);
  assert.equal(withinWindow(c, Date.parse(c.last_alert_at) + 30 * DAY, 30 * DAY), true);
  assert.equal(withinWindow(c, Date.parse(c.last_alert_at) + 30 * DAY + 1, 30 * DAY), false);
});

test('accounts of one ring go into one case', () => {
  const rings = new Map([['A', 'R1'], ['B', 'R1'], ['C', 'R2']]);
  const r = groupAlerts([alert('T1', 'A', 'X', 0), alert('T2', 'B', 'Y', 1), alert('T3', 'C', 'Z', 2), alert('T4', 'B', 'Q', 3)], [], { rings }, NOW);
  assert.equal(r.cases.length, 2);
  const ring1 = r.cases.find((c) => c.ring === 'R1');
  assert.ok(ring1);
  assert.deepEqual(ring1.subjects, ['A', 'B']);
  assert.equal(ring1.subject, 'A');
  assert.equal(ring1.alert_count, 3);
  assert.deepEqual(r.placements.map((p) => p.via), [null, 'ring', null, 'subject'], 'B joins by ring, then is found as a subject of the case');
  // A plain-object ring map works the same way.
  const again = groupAlerts([alert('T1', 'A', 'X', 0), alert('T2', 'B', 'Y', 1)], [], { rings: { A: 'R1', B: 'R1' } }, NOW);
  assert.equal(again.cases.length, 1);
  assert.equal(ringOf('toString', { A: 'R1' }), null, 'inherited object keys are not ring members');
});

test('no duplicate open case for a subject: across batches, across ring and subject, whatever the order', () => {
  const rings = { A: 'R1', B: 'R1' };
  const first = groupAlerts([alert('T1', 'A', 'X', 0), alert('T2', 'B', 'X', 1)], [], { rings }, NOW);
  assert.equal(first.cases.length, 1);
  // Later batch, ring map gone (e.g. rings recomputed): B is still found through the case's subjects.
  const second = groupAlerts([alert('T3', 'B', 'X', 5), alert('T4', 'A', 'Y', 6)], first.cases, {}, NOW);
  assert.equal(second.cases.length, 1);
  assert.equal(second.cases[0].id, first.cases[0].id);
  assert.equal(second.cases[0].alert_count, 4);
  assert.equal(second.cases[0].version, 2, 'one version step per batch');
  assert.equal(first.cases[0].alert_count, 2, 'input cases are not changed');

  // Shuffled input gives the same cases and ids.
  const alerts = [alert('T1', 'A', 'X', 0), alert('T2', 'B', 'X', 1), alert('T3', 'C', 'X', 2), alert('T4', 'A', 'X', 3), alert('T5', 'C', 'X', 4)];
  const a = groupAlerts(alerts, [], {}, NOW);
  const b = groupAlerts([...alerts].reverse(), [], {}, NOW);
  assert.deepEqual(a.cases, b.cases);
  for (const subject of ['A', 'B', 'C']) {
    assert.equal(a.cases.filter((c) => c.subjects.includes(subject) && c.state !== 'closed').length, 1, subject);
  }
});

test('a closed case takes no more alerts: a new case opens', () => {
  const first = groupAlerts([alert('T1', 'A', 'X', 0)], [], {}, NOW);
  const closed = { ...first.cases[0], state: 'closed' as const, outcome: 'false_positive' as const };
  const next = groupAlerts([alert('T2', 'A', 'X', 1)], [closed], {}, NOW);
  assert.equal(next.cases.length, 1);
  assert.notEqual(next.cases[0].id, closed.id);
  assert.equal(next.placements[0].kind, 'opened');
});

test('a subject\'s own case wins over its ring\'s; the latest case wins among several', () => {
  const own = openCase(alert('T1', 'B', 'X', 0), 'B', null, NOW);
  const ringCase = openCase(alert('T2', 'A', 'X', 1), 'A', 'R1', NOW);
  const found = findOpenCase([ringCase, own], 'B', 'R1', alert('T3', 'B', 'X', 2).time);
  assert.equal(found?.case.id, own.id);
  assert.equal(found?.via, 'subject');
  const older = openCase(alert('T4', 'B', 'X', 0), 'B', null, NOW);
  const newer = openCase(alert('T5', 'B', 'X', 5), 'B', null, NOW);
  assert.equal(findOpenCase([older, newer], 'B', null, alert('T6', 'B', 'X', 6).time)?.case.id, newer.id);
  assert.equal(findOpenCase([own], 'Z', null, alert('T7', 'Z', 'X', 1).time), undefined);
});

test('the subject rule: payee, or any function of the alert', () => {
  const payee = groupAlerts([alert('T1', 'A', 'M'), alert('T2', 'B', 'M')], [], { subject: 'payee' }, NOW);
  assert.equal(payee.cases.length, 1);
  assert.equal(payee.cases[0].subject, 'M');
  const custom = groupAlerts([alert('T1', 'A', 'M'), alert('T2', 'B', 'M')], [], { subject: (a) => (a.from < a.to ? a.from : a.to) }, NOW);
  assert.deepEqual(custom.cases.map((c) => c.subject).sort(), ['A', 'B']);
  assert.equal(subjectOf(alert('T1', 'A', 'M')), 'A');
  assert.throws(() => subjectOf(alert('T1', 'A', 'M'), () => ''), /T1: the subject rule gave no account/);
});

test('case ids are deterministic and differ per opening alert; repeats in a batch are grouped once', () => {
  const a = alert('T1', 'A', 'X', 0);
  assert.equal(caseId(a, 'subject:A'), caseId({ ...a }, 'subject:A'));
  assert.notEqual(caseId(a, 'subject:A'), caseId({ ...a, transaction_id: 'T9' }, 'subject:A'));
  const r = groupAlerts([a, a, alert('T2', 'A', 'X', 1)], [], {}, NOW);
  assert.deepEqual(r.duplicates, ['T1']);
  assert.equal(r.cases[0].alert_count, 2);
  assert.throws(() => groupAlerts([a], r.cases.map((c) => ({ ...c, state: 'closed' as const })), {}, NOW), /already exists/);
  assert.throws(() => groupAlerts([{ ...a, time: 'yesterday' }], [], {}, NOW), /alert T1/);
});
