import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ListEntry, ListEvent } from '../../src/domain/list.js';
import { Watchlists, type ListListener } from '../../src/engine/watchlists.js';

const entry = (list: string, kind: ListEntry['kind'], value: string): ListEntry => ({ list, kind, value, reason: 'r', source: 's', added_at: '2026-01-01T00:00:00.000Z' });
const ev = (op: 'add' | 'remove', e: ListEntry): ListEvent => ({ op, entry: e, after_transactions: 0 });

test('an account stays listed while any list holds it; the listener hears only transitions', () => {
  const heard: string[] = [];
  const listener: ListListener = {
    setAccountListed: (a, on) => heard.push(`${a}:${on}`),
    setIdentifierListed: (k, v, on) => heard.push(`${k}/${v}:${on}`),
  };
  const w = new Watchlists(listener);
  assert.equal(w.apply(ev('add', entry('black', 'account', 'A1'))), true);
  assert.equal(w.apply(ev('add', entry('black', 'account', 'A1'))), false, 'already there');
  assert.equal(w.apply(ev('add', entry('watch', 'account', 'A1'))), true);
  assert.equal(w.apply(ev('add', entry('black', 'device', 'D9'))), true);
  assert.equal(w.apply(ev('add', entry('black', 'party', 'P1'))), true);
  assert.equal(w.apply(ev('remove', entry('black', 'account', 'A1'))), true);
  assert.equal(w.isListed('account', 'A1'), true, 'still on the watch list');
  assert.equal(w.apply(ev('remove', entry('watch', 'account', 'A1'))), true);
  assert.equal(w.apply(ev('remove', entry('watch', 'account', 'A1'))), false, 'not there');
  assert.equal(w.isListed('account', 'A1'), false);
  assert.deepEqual(heard, ['A1:true', 'device/D9:true', 'A1:false']);
  assert.deepEqual(w.names(), [{ list: 'black', entries: 2 }]);
  assert.deepEqual(w.show('black').map((e) => `${e.kind}:${e.value}`), ['device:D9', 'party:P1']);
});
