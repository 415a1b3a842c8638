import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePasswordHash } from '../../src/security/passwords.js';
import { createSession, resolveSession } from '../../src/security/sessions.js';
import {
  UserError, authenticate, bootstrapAdmin, changePassword, createUser, getUser, listUsers, resetPassword, setUserDisabled, setUserRole,
} from '../../src/security/users.js';
import { FAST_SCRYPT } from './helpers.js';

const opts = { scrypt: FAST_SCRYPT, now: () => new Date('2026-02-01T10:00:00Z') };

function code(c: string) {
  return (e: unknown) => e instanceof UserError && e.code === c;
}
import { freshSecurityStore, storeBackends } from '../store/backends.js';

for (const backend of storeBackends()) {
  describe(`users: ${backend.name}`, { skip: backend.skip }, () => {
    test('first run creates admin with a one-time password; later runs do nothing', async () => {
      const store = await freshSecurityStore(backend, 'users');
      const boot = await bootstrapAdmin(store, opts);
      assert.ok(boot);
      assert.equal(boot.username, 'admin');
      assert.match(boot.password, /^[A-Za-z0-9_-]{24}$/);
      const admin = await getUser(store, 'admin');
      assert.equal(admin?.role, 'admin');
      assert.equal(admin?.must_change_password, true);
      assert.equal('password_hash' in (admin ?? {}), false, 'public users never carry the hash');
      const stored = await store.findUser('admin');
      assert.ok(stored && parsePasswordHash(stored.password_hash), 'stored as an scrypt hash');
      assert.ok(!stored.password_hash.includes(boot.password));
      assert.equal(await bootstrapAdmin(store, opts), undefined);
      const auth = await authenticate(store, 'ADMIN', boot.password, opts);
      assert.equal(auth.ok, true);
      assert.equal(auth.ok && auth.user.must_change_password, true);
      await store.close();
    });

    test('create, authenticate right and wrong, unknown user', async () => {
      const store = await freshSecurityStore(backend, 'users');
      const alice = await createUser(store, { username: ' Alice.Wang ', password: 'tiger lily 2026!', role: 'analyst', displayName: '王爱丽' }, opts);
      assert.equal(alice.username, 'alice.wang');
      assert.equal(alice.display_name, '王爱丽');
      assert.equal(alice.created_at, '2026-02-01T10:00:00.000Z');
      assert.match(alice.id, /^u_[A-Za-z0-9_-]{16}$/);
      assert.deepEqual(await authenticate(store, 'alice.wang', 'tiger lily 2026!', opts), { ok: true, user: alice });
      assert.deepEqual(await authenticate(store, 'alice.wang', 'tiger lily 2027!', opts), { ok: false, reason: 'invalid_credentials' });
      assert.deepEqual(await authenticate(store, 'nobody', 'tiger lily 2026!', opts), { ok: false, reason: 'invalid_credentials' });
      assert.deepEqual(await authenticate(store, '!!', 'tiger lily 2026!', opts), { ok: false, reason: 'invalid_credentials' });
      await assert.rejects(createUser(store, { username: 'alice.wang', password: 'another password', role: 'auditor' }, opts), code('username_taken'));
      await assert.rejects(createUser(store, { username: 'x', password: 'another password', role: 'auditor' }, opts), code('invalid_username'));
      await assert.rejects(createUser(store, { username: 'bob', password: 'short', role: 'auditor' }, opts), code('weak_password'));
      await assert.rejects(createUser(store, { username: 'bob', password: 'another password', role: 'root' as never }, opts), code('invalid_role'));
      assert.deepEqual((await listUsers(store)).map((u) => u.username), ['alice.wang']);
      await store.close();
    });

    test('changing a password needs the old one, clears must_change_password and ends sessions', async () => {
      const store = await freshSecurityStore(backend, 'users');
      const boot = await bootstrapAdmin(store, opts);
      assert.ok(boot);
      const admin = await store.findUser('admin');
      assert.ok(admin);
      const { token } = await createSession(store, admin);
      await assert.rejects(changePassword(store, 'admin', 'wrong', 'a brand new passphrase', opts), code('wrong_password'));
      await assert.rejects(changePassword(store, 'admin', boot.password, boot.password, opts), code('same_password'));
      await assert.rejects(changePassword(store, 'admin', boot.password, 'admin', opts), code('weak_password'));
      const changed = await changePassword(store, 'admin', boot.password, 'a brand new passphrase', opts);
      assert.equal(changed.must_change_password, false);
      assert.equal(await resolveSession(store, token), undefined, 'old sessions are gone');
      assert.equal((await authenticate(store, 'admin', boot.password, opts)).ok, false);
      assert.equal((await authenticate(store, 'admin', 'a brand new passphrase', opts)).ok, true);
      await store.close();
    });

    test('an admin reset hands out a one-time password and forces a change', async () => {
      const store = await freshSecurityStore(backend, 'users');
      await createUser(store, { username: 'bob', password: 'bobs old password', role: 'supervisor' }, opts);
      const { user, password } = await resetPassword(store, 'bob', opts);
      assert.equal(user.must_change_password, true);
      assert.equal((await authenticate(store, 'bob', 'bobs old password', opts)).ok, false);
      assert.equal((await authenticate(store, 'bob', password, opts)).ok, true);
      await assert.rejects(resetPassword(store, 'carol', opts), code('not_found'));
      await store.close();
    });

    test('a disabled user cannot log in and loses their sessions; the last admin cannot be disabled or demoted', async () => {
      const store = await freshSecurityStore(backend, 'users');
      await createUser(store, { username: 'root', password: 'the admins password', role: 'admin' }, opts);
      const bob = await createUser(store, { username: 'bob', password: 'bobs good password', role: 'analyst' }, opts);
      const { token } = await createSession(store, { id: bob.id, disabled: false });
      await setUserDisabled(store, 'bob', true, opts);
      assert.deepEqual(await authenticate(store, 'bob', 'bobs good password', opts), { ok: false, reason: 'disabled' });
      assert.deepEqual(await authenticate(store, 'bob', 'wrong password!!', opts), { ok: false, reason: 'invalid_credentials' }, 'disabled is only told after the right password');
      assert.equal(await resolveSession(store, token), undefined);
      await assert.rejects(createSession(store, (await store.findUser('bob'))!), /disabled/);
      await setUserDisabled(store, 'bob', false, opts);
      assert.equal((await authenticate(store, 'bob', 'bobs good password', opts)).ok, true);

      await assert.rejects(setUserDisabled(store, 'root', true, opts), code('last_admin'));
      await assert.rejects(setUserRole(store, 'root', 'analyst', opts), code('last_admin'));
      await setUserRole(store, 'bob', 'admin', opts);
      assert.equal((await setUserRole(store, 'root', 'auditor', opts)).role, 'auditor');
      assert.equal((await getUser(store, 'bob'))?.role, 'admin');
      await store.close();
    });

    test('a login with a hash made at an older cost upgrades it', async () => {
      const store = await freshSecurityStore(backend, 'users');
      await createUser(store, { username: 'carol', password: 'carols password', role: 'auditor' }, { scrypt: { N: 512, r: 8, p: 1 } });
      assert.equal((await authenticate(store, 'carol', 'carols password', opts)).ok, true);
      const after = await store.findUser('carol');
      assert.equal(parsePasswordHash(after!.password_hash)?.params.N, FAST_SCRYPT.N);
      assert.equal((await authenticate(store, 'carol', 'carols password', opts)).ok, true);
      await store.close();
    });
  });
}
