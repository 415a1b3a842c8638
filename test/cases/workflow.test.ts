import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CASE_STATES, attachmentsOf, commentsOf, type Case, type CaseState, type StoredCaseEvent } from '../../src/cases/case.js';
import { WorkflowError, allowedActions, applyAction, canPerform, closeOutcomes, type Actor, type CaseAction } from '../../src/cases/workflow.js';
import { ROLES } from '../../src/security/roles.js';
import { NOW, caseIn } from './helpers.js';

const SHA = 'ab'.repeat(32);
const OPEN: CaseState[] = ['new', 'assigned', 'investigating', 'escalated'];

/**
 * The expected table, written out independently of src/cases/workflow.ts: for each action, the
 * states each role may take it from. Analysts act only on their own cases (see below); the admin
 * acts as a supervisor does; auditors, API keys and unknown roles act on none.
 */
const EXPECTED: Record<string, { make: (actor: Actor) => CaseAction; analyst: CaseState[]; supervisor: CaseState[] }> = {
  assign: { make: (a) => ({ type: 'assign', assignee: a.id }), analyst: ['new'], supervisor: ['new'] },
  reassign: { make: () => ({ type: 'reassign', assignee: 'carol' }), analyst: [], supervisor: ['assigned', 'investigating', 'escalated'] },
  investigate: { make: () => ({ type: 'investigate' }), analyst: ['assigned'], supervisor: ['assigned'] },
  escalate: { make: () => ({ type: 'escalate', note: 'needs a second look' }), analyst: ['assigned', 'investigating'], supervisor: ['assigned', 'investigating'] },
  close_false_positive: { make: () => ({ type: 'close', outcome: 'false_positive' }), analyst: ['investigating'], supervisor: OPEN },
  close_confirmed: { make: () => ({ type: 'close', outcome: 'confirmed' }), analyst: [], supervisor: OPEN },
  close_reported: { make: () => ({ type: 'close', outcome: 'reported' }), analyst: [], supervisor: OPEN },
  reopen: { make: () => ({ type: 'reopen' }), analyst: [], supervisor: ['closed'] },
  comment: { make: () => ({ type: 'comment', text: 'called the customer' }), analyst: [...CASE_STATES], supervisor: [...CASE_STATES] },
  attach: {
    make: () => ({ type: 'attach', attachment: { name: 'kyc.pdf', size: 1024, sha256: SHA, content_type: 'application/pdf' } }),
    analyst: OPEN, supervisor: OPEN,
  },
  export: { make: () => ({ type: 'export', format: 'goaml', sha256: SHA }), analyst: [...CASE_STATES], supervisor: [...CASE_STATES] },
};

/** Actions an analyst may take on a case assigned to someone else (in the states above). */
const ANALYST_ON_OTHERS = new Set(['comment', 'attach', 'export']);

function expectError(fn: () => unknown, code: string, state: CaseState, action: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof WorkflowError, String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.state, state);
    assert.ok(e.message.includes(`"${state}"`), `message names the state: ${e.message}`);
    assert.ok(e.message.includes(action), `message names the action: ${e.message}`);
    return true;
  });
}

test('every transition, by role and state: allowed ones apply, the others are refused with state and action named', () => {
  let checked = 0;
  for (const [name, spec] of Object.entries(EXPECTED)) {
    for (const state of CASE_STATES) {
      for (const role of [...ROLES, 'api_key', 'nobody']) {
        // Analysts and supervisors work their own cases here; the assignee rule is checked separately.
        const actor: Actor = { id: 'ana', role };
        const c: Case = caseIn(state, state === 'new' ? null : 'ana');
        const action = spec.make(actor);
        const asSupervisor = role === 'supervisor' || role === 'admin';
        const allowed = role === 'analyst' ? spec.analyst.includes(state) : asSupervisor ? spec.supervisor.includes(state) : false;
        assert.equal(canPerform(c, action, actor), allowed, `${name} by ${role} from ${state}`);
        if (allowed) {
          const r = applyAction(c, action, actor, NOW);
          assert.equal(r.event.from_state, state);
          assert.equal(r.case.version, c.version + 1);
          assert.equal(r.event.actor, 'ana');
        } else {
          // The states a role may take the action type from at all (an analyst closes, as false positive, from investigating).
          const from = role === 'analyst' ? (name.startsWith('close_') ? ['investigating'] : spec.analyst) : asSupervisor ? spec.supervisor : [];
          const code = from.length > 0 && !from.includes(state) ? 'invalid_state' : 'forbidden';
          expectError(() => applyAction(c, action, actor, NOW), code, state, action.type);
        }
        checked++;
      }
    }
  }
  assert.equal(checked, Object.keys(EXPECTED).length * CASE_STATES.length * (ROLES.length + 2));
});

test('analysts act only on their own cases and assign only to themselves; supervisors act on any', () => {
  for (const [name, spec] of Object.entries(EXPECTED)) {
    for (const state of spec.analyst) {
      const theirs = caseIn(state, state === 'new' ? null : 'bob');
      const ana: Actor = { id: 'ana', role: 'analyst' };
      if (name === 'assign') {
        expectError(() => applyAction(theirs, { type: 'assign', assignee: 'bob' }, ana, NOW), 'forbidden', state, 'assign');
        continue;
      }
      const action = spec.make(ana);
      if (ANALYST_ON_OTHERS.has(name)) assert.ok(canPerform(theirs, action, ana), `${name} on another's case`);
      else expectError(() => applyAction(theirs, action, ana, NOW), 'forbidden', state, action.type);
    }
    for (const state of spec.supervisor) {
      const theirs = caseIn(state, state === 'new' ? null : 'bob');
      const sup: Actor = { id: 'sam', role: 'supervisor' };
      assert.ok(canPerform(theirs, spec.make({ id: 'dave', role: 'supervisor' }), sup), `${name} by a supervisor from ${state}`);
    }
  }
});

test('a case worked from new to reported, and reopened', () => {
  const ana: Actor = { id: 'ana', role: 'analyst' };
  const sam: Actor = { id: 'sam', role: 'supervisor' };
  let c = caseIn('new');
  const steps: Array<[CaseAction, Actor, CaseState, string]> = [
    [{ type: 'assign', assignee: 'ana' }, ana, 'assigned', 'case.assign'],
    [{ type: 'investigate', note: 'starting' }, ana, 'investigating', 'case.investigate'],
    [{ type: 'comment', text: 'Customer says it was rent. 张三 confirmed.' }, ana, 'investigating', 'case.comment'],
    [{ type: 'escalate' }, ana, 'escalated', 'case.escalate'],
    [{ type: 'reassign', assignee: 'sam' }, sam, 'escalated', 'case.reassign'],
    [{ type: 'export', format: 'goaml', sha256: SHA.toUpperCase() }, sam, 'escalated', 'export'],
    [{ type: 'close', outcome: 'reported', note: 'STR filed' }, sam, 'closed', 'case.close'],
    [{ type: 'reopen', note: 'new facts' }, sam, 'assigned', 'case.reopen'],
  ];
  const history: StoredCaseEvent[] = [];
  for (const [i, [action, actor, to, auditAction]] of steps.entries()) {
    const before = structuredClone(c);
    const r = applyAction(c, action, actor, new Date(NOW.getTime() + i * 1000));
    assert.deepEqual(c, before, 'the input case is not changed');
    assert.equal(r.case.state, to, action.type);
    assert.equal(r.event.to_state, to);
    assert.equal(r.event.from_state, c.state);
    assert.equal(r.audit.action, auditAction);
    assert.equal(r.audit.subject, c.id);
    assert.equal(r.audit.details.from_state, c.state);
    assert.equal(r.audit.details.to_state, to);
    history.push({ ...r.event, seq: i + 1 });
    if (action.type === 'close') {
      assert.equal(r.case.outcome, 'reported');
      assert.equal(r.case.closed_at, r.event.time);
    }
    if (action.type === 'reopen') {
      assert.equal(r.case.outcome, null);
      assert.equal(r.case.closed_at, null);
      assert.equal(r.case.assignee, 'sam');
      assert.equal(r.audit.details.previous_outcome, 'reported');
    }
    if (action.type === 'comment') {
      assert.equal(r.audit.details.length, 'Customer says it was rent. 张三 confirmed.'.length);
      assert.match(String(r.audit.details.sha256), /^[0-9a-f]{64}$/);
      assert.ok(!JSON.stringify(r.audit).includes('张三'), 'comment text stays out of the audit details');
    }
    if (action.type === 'export') assert.equal(r.event.data.sha256, SHA, 'hash lower-cased');
    if (action.type === 'reassign') assert.deepEqual([r.event.data.previous_assignee, r.event.data.assignee], ['ana', 'sam']);
    c = r.case;
  }
  assert.equal(c.version, 1 + steps.length);
  assert.deepEqual(commentsOf(history).map((x) => [x.author, x.text]), [['ana', 'Customer says it was rent. 张三 confirmed.']]);
});

test('a reopened case without an assignee goes back to new', () => {
  const c = { ...caseIn('closed'), assignee: null };
  assert.equal(applyAction(c, { type: 'reopen' }, { id: 'sam', role: 'supervisor' }, NOW).case.state, 'new');
});

test('analysts may close only as false positive; the message names the outcome, state and action', () => {
  const c = caseIn('investigating', 'ana');
  assert.throws(() => applyAction(c, { type: 'close', outcome: 'confirmed' }, { id: 'ana', role: 'analyst' }, NOW),
    /analyst may not close case CASE-\S+ in state "investigating" as confirmed/);
  expectError(() => applyAction(c, { type: 'close', outcome: 'bogus' as never }, { id: 'sam', role: 'supervisor' }, NOW), 'invalid_input', 'investigating', 'close');
});

test('refusal messages for roles without the permission name the permission', () => {
  const c = caseIn('new');
  assert.throws(() => applyAction(c, { type: 'assign', assignee: 'x' }, { id: 'audrey', role: 'auditor' }, NOW),
    /role auditor may not assign case CASE-\S+ in state "new": it lacks permission cases\.work/);
  assert.throws(() => applyAction(caseIn('closed'), { type: 'reopen' }, { id: 'ana', role: 'analyst' }, NOW),
    /role analyst may not reopen case CASE-\S+ in state "closed": only supervisor may/);
  expectError(() => applyAction(c, { type: 'escalate' }, { id: 'ana', role: 'analyst' }, NOW), 'invalid_state', 'new', 'escalate');
  expectError(() => applyAction(c, { type: 'fly' } as never, { id: 'ana', role: 'analyst' }, NOW), 'invalid_input', 'new', 'fly');
});

test('inputs are validated: blank comment, reassign to the same person, attachment metadata, actor', () => {
  const sam: Actor = { id: 'sam', role: 'supervisor' };
  const c = caseIn('investigating', 'ana');
  expectError(() => applyAction(c, { type: 'comment', text: '   ' }, sam, NOW), 'invalid_input', 'investigating', 'comment');
  expectError(() => applyAction(c, { type: 'reassign', assignee: 'ana' }, sam, NOW), 'invalid_input', 'investigating', 'reassign');
  const meta = { name: 'statement.pdf', size: 2048, sha256: SHA, content_type: 'application/pdf' };
  for (const bad of [
    { ...meta, sha256: 'xyz' }, { ...meta, name: '../etc/passwd' }, { ...meta, size: -1 }, { ...meta, size: 1.5 }, { ...meta, content_type: 'pdf' }, { ...meta, name: '' },
  ]) {
    expectError(() => applyAction(c, { type: 'attach', attachment: bad }, sam, NOW), 'invalid_input', 'investigating', 'attach');
  }
  const r = applyAction(c, { type: 'attach', attachment: { ...meta, sha256: SHA.toUpperCase() }, note: 'bank statement' }, sam, NOW);
  assert.deepEqual(r.event.data.attachment, meta);
  assert.deepEqual(r.audit.details.attachment, meta);
  const [att] = attachmentsOf([{ ...r.event, seq: 7 }]);
  assert.deepEqual(att, { ...meta, seq: 7, added_by: 'sam', added_at: NOW.toISOString(), note: 'bank statement' });
  assert.throws(() => applyAction(c, { type: 'comment', text: 'x' }, { id: '', role: 'supervisor' }, NOW), /actor is required/);
  assert.throws(() => applyAction(c, { type: 'comment', text: 'x' }, sam, new Date(NaN)), /not a valid time/);
});

test('allowedActions lists what the actor may start now', () => {
  assert.deepEqual(allowedActions(caseIn('new'), { id: 'ana', role: 'analyst' }), ['assign', 'comment', 'attach', 'export']);
  assert.deepEqual(allowedActions(caseIn('investigating', 'ana'), { id: 'ana', role: 'analyst' }), ['escalate', 'close', 'comment', 'attach', 'export']);
  assert.deepEqual(allowedActions(caseIn('investigating', 'bob'), { id: 'ana', role: 'analyst' }), ['comment', 'attach', 'export']);
  assert.deepEqual(allowedActions(caseIn('escalated', 'bob'), { id: 'sam', role: 'supervisor' }), ['reassign', 'close', 'comment', 'attach', 'export']);
  assert.deepEqual(allowedActions(caseIn('closed'), { id: 'sam', role: 'supervisor' }), ['reopen', 'comment', 'export']);
  // The admin acts with a supervisor's rights; an auditor works no case.
  assert.deepEqual(allowedActions(caseIn('closed'), { id: 'root', role: 'admin' }), ['reopen', 'comment', 'export']);
  assert.deepEqual(allowedActions(caseIn('new'), { id: 'root', role: 'admin' }), ['assign', 'close', 'comment', 'attach', 'export']);
  assert.deepEqual(allowedActions(caseIn('new'), { id: 'audrey', role: 'auditor' }), []);
});

test('closeOutcomes: analysts only false positive; supervisors and the admin every outcome; others none', () => {
  assert.deepEqual(closeOutcomes('analyst'), ['false_positive']);
  assert.deepEqual(closeOutcomes('supervisor'), ['false_positive', 'confirmed', 'reported']);
  assert.deepEqual(closeOutcomes('admin'), ['false_positive', 'confirmed', 'reported']);
  assert.deepEqual(closeOutcomes('auditor'), []);
});

test('the admin works a case end to end to "reported"', () => {
  const root: Actor = { id: 'root', role: 'admin' };
  let c = caseIn('new');
  c = applyAction(c, { type: 'assign', assignee: 'root' }, root, NOW).case;
  c = applyAction(c, { type: 'investigate' }, root, NOW).case;
  c = applyAction(c, { type: 'close', outcome: 'reported' }, root, NOW).case;
  assert.equal(c.state, 'closed');
  assert.equal(c.outcome, 'reported');
});
