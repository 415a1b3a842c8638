import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SESSION_POLICY, createSession, hashSessionToken, purgeExpiredSessions, resolveSession, revokeSession, revokeUserSessions,
} from '../../src/security/sessions.js';
import { createUser } from '../../src/security/users.js';
import { FAST_SCRYPT, fileStore, manualClock } from './helpers.js';
import { freshSecurityStore, storeBackends, type Backend } from '../store/backends.js';

const HOUR = 3_600_000;

async function setup(backend: Backend) {
  const store = await freshSecurityStore(backend, 'sessions');
  const user = await createUser(store, { username: 'dana', password: 'danas long password', role: 'analyst' }, { scrypt: FAST_SCRYPT });
  return { store, user, clock: manualClock() };
}

test('a session resolves to its user; only the token hash is stored', async () => {
  const { path, store, cleanup } = fileStore('sessions');
  try {
    const user = await createUser(store, { username: 'dana', password: 'danas long password', role: 'analyst' }, { scrypt: FAST_SCRYPT });
    const clock = manualClock();
    const s = await createSession(store, { id: user.id, disabled: false }, { now: clock.now });
    assert.match(s.token, /^rws_[A-Za-z0-9_-]{43}$/);
    assert.equal(s.expiresAt, clock.now() + 8 * HOUR);
    const resolved = await resolveSession(store, s.token, { now: clock.now });
    assert.equal(resolved?.user.username, 'dana');
    assert.equal(resolved?.user.role, 'analyst');
    assert.equal(resolved?.mustChangePassword, false);
    assert.ok(await store.findSession(hashSessionToken(s.token)));
    const { existsSync, readFileSync } = await import('node:fs');
    const bytes = Buffer.concat([path, path + '-wal'].filter((p) => existsSync(p)).map((p) => readFileSync(p)));
    assert.equal(bytes.includes(Buffer.from(s.token)), false, 'the token never reaches the database file');
  } finally {
    await cleanup();
  }
});

for (const backend of storeBackends()) {
  describe(`sessions: ${backend.name}`, { skip: backend.skip }, () => {
    test('sessions expire after 8 idle hours, and activity slides the expiry', async () => {
      const { store, user, clock } = await setup(backend);
      const { token } = await createSession(store, { id: user.id, disabled: false }, { now: clock.now });
      clock.advance(7 * HOUR);
      assert.ok(await resolveSession(store, token, { now: clock.now }), 'used after 7 h: still valid, expiry slides');
      clock.advance(7 * HOUR);
      const alive = await resolveSession(store, token, { now: clock.now });
      assert.ok(alive, '14 h after login but only 7 h idle');
      assert.equal(alive.expiresAt, clock.now() + 8 * HOUR);
      clock.advance(8 * HOUR);
      assert.equal(await resolveSession(store, token, { now: clock.now }), undefined, '8 h idle: expired');
      assert.equal(await store.findSession(hashSessionToken(token)), undefined, 'and deleted');
      await store.close();
    });

    test('sessions end at the absolute limit however active', async () => {
      const { store, user, clock } = await setup(backend);
      const { token, absoluteExpiresAt } = await createSession(store, { id: user.id, disabled: false }, { now: clock.now });
      assert.equal(absoluteExpiresAt, clock.now() + DEFAULT_SESSION_POLICY.absoluteMs);
      for (let h = 0; h < 23; h++) {
        clock.advance(HOUR);
        const s = await resolveSession(store, token, { now: clock.now });
        assert.ok(s, `hour ${h + 1}`);
        assert.ok(s.expiresAt <= absoluteExpiresAt);
      }
      clock.advance(HOUR);
      assert.equal(await resolveSession(store, token, { now: clock.now }), undefined);
      await store.close();
    });

    test('custom timeouts', async () => {
      const { store, user, clock } = await setup(backend);
      const policy = { idleMs: 15 * 60_000 };
      const { token } = await createSession(store, { id: user.id, disabled: false }, { now: clock.now, policy });
      clock.advance(16 * 60_000);
      assert.equal(await resolveSession(store, token, { now: clock.now, policy }), undefined);
      await assert.rejects(createSession(store, { id: user.id, disabled: false }, { policy: { idleMs: 0 } }), /positive/);
      await store.close();
    });

    test('revoking a session (logout) and all of a user\'s sessions', async () => {
      const { store, user } = await setup(backend);
      const a = await createSession(store, { id: user.id, disabled: false });
      const b = await createSession(store, { id: user.id, disabled: false });
      const c = await createSession(store, { id: user.id, disabled: false });
      assert.equal(await revokeSession(store, a.token), true);
      assert.equal(await revokeSession(store, a.token), false);
      assert.equal(await resolveSession(store, a.token), undefined);
      assert.ok(await resolveSession(store, b.token));
      assert.equal(await revokeUserSessions(store, user.id), 2);
      assert.equal(await resolveSession(store, b.token), undefined);
      assert.equal(await resolveSession(store, c.token), undefined);
      await store.close();
    });

    test('malformed and unknown tokens resolve to nothing', async () => {
      const { store } = await setup(backend);
      for (const t of [undefined, '', 'rws_', 'Bearer x', 'rws_' + 'A'.repeat(43), 'rws_' + 'A'.repeat(44), 'x'.repeat(10_000)]) {
        assert.equal(await resolveSession(store, t), undefined, String(t).slice(0, 20));
      }
      assert.equal(await revokeSession(store, 'nonsense'), false);
      await store.close();
    });

    test('purging deletes expired sessions only', async () => {
      const { store, user, clock } = await setup(backend);
      await createSession(store, { id: user.id, disabled: false }, { now: clock.now, policy: { idleMs: HOUR } });
      const keep = await createSession(store, { id: user.id, disabled: false }, { now: clock.now });
      clock.advance(2 * HOUR);
      assert.equal(await purgeExpiredSessions(store, { now: clock.now }), 1);
      assert.ok(await resolveSession(store, keep.token, { now: clock.now }));
      await store.close();
    });
  });
}
