import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Feeders } from '../../src/analytics/gang-feeders.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const none = (): boolean => false;

/** X gathered 1,000 on day 0 and sat on it; on day 3 it receives 1,000 more and passes on 960 in two payments. */
function scenario(f: Feeders): string[] {
  f.received('X', 'old', 'P1', T0, 1000, 0, false);
  f.received('Y', 'y', 'Q', T0, 10, 0, false);
  f.received('Z', 'z', 'Q', T0 + 3 * DAY, 10, 0, false);
  f.received('X', 'new', 'P2', T0 + 3 * DAY, 1000, 0, false);
  f.paid('X', 500);
  f.paid('X', 460);
  return f.splitFeeds('X', 'T', T0 + 3.1 * DAY, T0, none).map((r) => r.id);
}

test('receipt runs older than the pass window are swept once the accounts held reach sweepFrom, then at each doubling', () => {
  const f = new Feeders(0.9, 2 * DAY, 2);
  f.received('A', 'a', 'P', T0, 100, 0, false);
  f.received('B', 'b', 'P', T0 + 1.5 * DAY, 100, 0, false);
  assert.equal(f.size, 2);
  assert.equal(f.sweeps, 0);
  // A third account on day 3: A's run (day 0) is stale, B's (day 1.5) is not.
  f.received('C', 'c', 'P', T0 + 3 * DAY, 100, 0, false);
  assert.equal(f.sweeps, 1);
  assert.equal(f.size, 2, 'B and C');
  assert.equal(f.lastOf('A'), undefined);
  assert.equal(f.lastOf('B')?.id, 'b');
  // Kept 1 after the sweep (B), so the next sweep waits for 2 × max(1, …) and sweepFrom: at the third account held.
  f.received('D', 'd', 'P', T0 + 3 * DAY, 100, 0, false);
  assert.equal(f.sweeps, 2, 'B and C held: the next new account sweeps again');
  assert.equal(f.size, 3, 'B (1.5 days old) kept, C and D');
  f.received('E', 'e', 'P', T0 + 3 * DAY, 100, 0, false);
  assert.equal(f.sweeps, 2, '3 held after the last sweep kept 2: under 4, no sweep');
});

test('a stale receipt feeds nothing either way; after a sweep the next receipt starts a new run instead of extending the old one', () => {
  // Without sweeping, X's run holds both receipts (2,000) and 960 passed on is under 90 % of it.
  assert.deepEqual(scenario(new Feeders(0.9, 2 * DAY, 1e9)), []);
  // Swept on day 3, the run is the day-3 receipt alone, passed on at 96 %: it fed the payments.
  assert.deepEqual(scenario(new Feeders(0.9, 2 * DAY, 2)), ['new']);
  // The single pass-through check refuses a receipt older than the window whether or not it was swept.
  const kept = new Feeders(0.9, 2 * DAY, 1e9);
  kept.received('X', 'old', 'P1', T0, 1000, 0, false);
  const stale = kept.lastOf('X');
  assert.ok(stale);
  assert.equal(kept.feeds(stale, 'X', 'T', T0 + 3 * DAY, 950, T0), false);
});
