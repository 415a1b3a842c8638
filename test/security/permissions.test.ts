import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PERMISSIONS, PERMISSION_TABLE, can, isPermission, permissionsOf } from '../../src/security/permissions.js';
import { ROLES, isRole, parseRole } from '../../src/security/roles.js';

test('the permission matrix, spot checks', () => {
  const yes: Array<[string, string]> = [
    ['api_key', 'transactions.write'], ['admin', 'transactions.write'],
    ['analyst', 'alerts.read'], ['supervisor', 'alerts.read'], ['admin', 'alerts.read'],
    ['analyst', 'cases.work'], ['supervisor', 'cases.close'],
    ['supervisor', 'pii.unmask'], ['admin', 'pii.unmask'],
    ['auditor', 'audit.read'], ['admin', 'audit.read'],
    ['admin', 'users.manage'], ['supervisor', 'lists.write'], ['admin', 'config.write'],
    ['api_key', 'alerts.read'], ['api_key', 'lists.write'], ['api_key', 'ops.read'], ['analyst', 'lists.read'],
    ['supervisor', 'rules.backtest'], ['admin', 'rules.backtest'],
    // The printed admin works and exports cases (the workflow gives it a supervisor's rights).
    ['admin', 'cases.read'], ['admin', 'cases.work'], ['admin', 'cases.close'], ['admin', 'cases.export'],
    ['api_key', 'cases.read'], ['api_key', 'cases.export'], ['analyst', 'cases.export'],
  ];
  const no: Array<[string, string]> = [
    ['analyst', 'transactions.write'], ['auditor', 'alerts.read'], ['auditor', 'lists.read'], ['analyst', 'ops.read'],
    ['api_key', 'cases.work'], ['api_key', 'audit.read'],
    ['auditor', 'cases.close'], ['auditor', 'cases.read'], ['auditor', 'cases.export'], ['api_key', 'cases.close'], ['api_key', 'pii.unmask'], ['analyst', 'pii.unmask'], ['auditor', 'pii.unmask'],
    ['analyst', 'audit.read'], ['supervisor', 'audit.read'], ['supervisor', 'users.manage'],
    ['analyst', 'lists.write'], ['supervisor', 'config.write'], ['api_key', 'users.manage'],
    ['analyst', 'rules.backtest'], ['auditor', 'rules.backtest'], ['api_key', 'rules.backtest'],
  ];
  for (const [who, what] of yes) assert.equal(can(who, what), true, `${who} ${what}`);
  for (const [who, what] of no) assert.equal(can(who, what), false, `${who} ${what}`);
  for (const who of [...ROLES, 'api_key'] as const) assert.equal(can(who, 'rules.read'), true, `${who} rules.read`);
});

test('unknown principals and permissions hold nothing', () => {
  assert.equal(can('root', 'users.manage'), false);
  assert.equal(can('admin', 'users.delete'), false);
  assert.equal(can('', ''), false);
  assert.equal(can('__proto__', 'rules.read'), false);
  assert.equal(can('admin', 'toString'), false);
});

test('permissionsOf lists a role\'s permissions; every permission has a holder', () => {
  assert.deepEqual(permissionsOf('auditor'), ['audit.read', 'rules.read']);
  // The most any key can hold; each key holds only what its scopes grant as well (api-keys.ts).
  assert.deepEqual(permissionsOf('api_key'), ['transactions.write', 'alerts.read', 'cases.read', 'lists.read', 'ops.read', 'cases.export', 'lists.write', 'rules.read', 'keys.manage']);
  for (const p of PERMISSIONS) assert.ok(PERMISSION_TABLE[p].length > 0, p);
  assert.equal(isPermission('cases.work'), true);
  assert.equal(isPermission('cases'), false);
});

test('the table and role list are frozen', () => {
  assert.throws(() => (PERMISSION_TABLE['users.manage'] as string[]).push('analyst'));
  assert.throws(() => (ROLES as unknown as string[]).push('root'));
  assert.equal(can('analyst', 'users.manage'), false);
});

test('roles parse case-insensitively and refuse unknown names', () => {
  assert.equal(parseRole(' Supervisor '), 'supervisor');
  assert.throws(() => parseRole('api_key'), /unknown role/);
  assert.equal(isRole('auditor'), true);
  assert.equal(isRole('Auditor'), false);
});
