import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeenIds } from '../../src/stream/seen.js';

// The bounded memory of ids: exact for the window, a fixed-size filter beyond it, and 'maybe'
// (settled by the store) only for ids that may have left the window.
test('ids are known exactly inside the window; memory stays at the window', () => {
  const seen = new SeenIds({ window: 100, filterBits: 1 << 16 });
  for (let s = 1; s <= 1000; s++) assert.equal(seen.check(`id${s}`, s), 'new');
  assert.ok(seen.size <= 100, `held ${seen.size}`);
  assert.equal(seen.check('id950', 1001), 'seen', 'inside the window: certain');
  assert.equal(seen.check('id5', 1002), 'maybe', 'left the window: the filter still has it, the store settles it');
  assert.equal(seen.check('id5', 1003), 'seen', 'a maybe is remembered like any id met');
});

test('before any id has left the window a filter hit is not a maybe (the window is complete)', () => {
  // A tiny filter full of collisions: every check hits, but nothing was forgotten yet.
  const seen = new SeenIds({ window: 10_000, filterBits: 1024 });
  for (let s = 1; s <= 5000; s++) assert.equal(seen.check(`x${s}`, s), 'new');
});

test('the filter never forgets: every id that left the window is seen or maybe, never new', () => {
  const seen = new SeenIds({ window: 50, filterBits: 1 << 20 });
  for (let s = 1; s <= 2000; s++) seen.check(`a${s}`, s);
  let maybes = 0;
  for (let s = 1; s <= 1900; s++) {
    const r = seen.check(`a${s}`, 2000 + s);
    assert.notEqual(r, 'new', `a${s}`);
    if (r === 'maybe') maybes++;
  }
  assert.ok(maybes > 0);
  // Fresh ids are mostly 'new' (false maybes are the filter's rare collisions).
  let fresh = 0;
  for (let s = 1; s <= 1000; s++) if (seen.check(`b${s}`, 5000 + s) === 'new') fresh++;
  assert.ok(fresh > 990, `fresh ${fresh}`);
});
