import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Interner } from '../../src/graph/interner.js';
import { ListedSet } from '../../src/graph/listed.js';
import { NodeTable } from '../../src/graph/node-table.js';

test('listed accounts resolve to dense ids, before or after they are interned', () => {
  const names = new Interner();
  const a = names.intern('A');
  const l = new ListedSet(names);
  assert.equal(l.addAccount('A'), true);
  assert.equal(l.addAccount('A'), false);
  assert.equal(l.addAccount('LATER'), true);
  assert.equal(l.isAccountListed(a), true);
  const b = names.intern('B');
  const later = names.intern('LATER');
  assert.equal(l.isAccountListed(b), false);
  assert.equal(l.isAccountListed(later), true);
  assert.equal(l.removeAccount('LATER'), true);
  assert.equal(l.removeAccount('LATER'), false);
  assert.equal(l.isAccountListed(later), false);
  assert.equal(l.accountCount, 1);
  assert.equal(l.isAccountNameListed('A'), true);
});

test('listed identifiers by kind and value; the engine listener interface', () => {
  const l = new ListedSet(new Interner());
  assert.equal(l.isIdentifierListed('device', 'x'), false);
  l.setIdentifierListed('device', 'x', true);
  assert.equal(l.isIdentifierListed('device', 'x'), true);
  assert.equal(l.isIdentifierListed('ip', 'x'), false, 'kinds are distinct');
  l.setIdentifierListed('device', 'x', false);
  assert.equal(l.identifierCount, 0);
  l.setAccountListed('Q', true);
  assert.equal(l.isAccountNameListed('Q'), true);
});

test('node table: insert, find, clear and growth keep the values apart', () => {
  const t = new NodeTable(2, [7, -1], 4);
  for (let round = 0; round < 3; round++) {
    t.clear();
    for (let v = 0; v < 500; v++) {
      const i = t.insert(v * 7919 + round);
      assert.equal(t.created, true);
      assert.equal(t.vals[i * 2], 7);
      t.vals[i * 2 + 1] = v;
    }
    assert.equal(t.size, 500);
    for (let v = 0; v < 500; v++) assert.equal(t.vals[t.find(v * 7919 + round) * 2 + 1], v);
    assert.equal(t.find(-5), -1);
    t.insert(round);
    assert.equal(t.created, false, 'v = 0 inserted it already');
    t.insert(-1 - round);
    assert.equal(t.created, true);
  }
});
