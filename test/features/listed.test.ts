import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';
import { ListedSet } from '../../src/graph/listed.js';
import { DAY, feed, HOUR, T0, tx } from './helpers.js';

const none = DEFAULT_FEATURE_CONFIG.listedMaxHops + 1;

test('distance to listed accounts: 0 itself, 1 and 2 hops in either direction, none beyond reach', () => {
  const ex = new FeatureExtractor(DEFAULT_FEATURE_CONFIG);
  ex.listed.addAccount('BAD');
  const f = feed(ex, [
    tx('BAD', 'A', T0, 100), // A received from BAD
    tx('B', 'A', T0 + HOUR, 100), // B paid A: B is 2 hops from BAD
    tx('C', 'D', T0 + 2 * HOUR, 100),
    tx('E', 'BAD', T0 + 3 * HOUR, 100), // paying a listed account
  ]);
  assert.equal(f[0]('from_listed_hops'), 0);
  assert.equal(f[0]('from_listed_near'), 1);
  assert.equal(f[0]('to_listed_hops'), 1, 'the current transfer links A to BAD');
  assert.equal(f[0]('to_listed_near'), 0.5);
  assert.equal(f[1]('to_listed_hops'), 1);
  assert.equal(f[1]('from_listed_hops'), 2);
  assert.equal(f[1]('from_listed_near'), 1 / 3);
  assert.equal(f[2]('from_listed_hops'), none);
  assert.equal(f[2]('from_listed_near'), 0);
  assert.equal(f[2]('to_listed_hops'), none);
  assert.equal(f[3]('to_listed_hops'), 0);
  assert.equal(f[3]('from_listed_hops'), 1);
  assert.equal(f[3]('search_truncated'), 0);
});

test('hops beyond the maximum and edges outside the listed window do not reach', () => {
  const ex = new FeatureExtractor({ ...DEFAULT_FEATURE_CONFIG, listedMaxHops: 2, listedWindowMs: 10 * DAY });
  ex.listed.addAccount('BAD');
  const f = feed(ex, [
    tx('BAD', 'A', T0, 100),
    tx('A', 'B', T0 + HOUR, 100),
    tx('B', 'C', T0 + 2 * HOUR, 100), // C is 3 hops from BAD: beyond 2
    tx('X', 'BAD', T0 + 20 * DAY, 100),
    tx('Y', 'A', T0 + 20 * DAY + HOUR, 100), // BAD → A left the 10-day window
  ]);
  assert.equal(f[2]('from_listed_hops'), 2);
  assert.equal(f[2]('to_listed_hops'), 3, 'none within 2: maxHops + 1');
  assert.equal(f[2]('to_listed_near'), 0);
  assert.equal(f[4]('to_listed_hops'), 3);
});

test('a list change takes effect from the next transaction; names may be listed before they are seen', () => {
  const listed = new ListedSet();
  listed.addAccount('LATER');
  const ex = new FeatureExtractor(DEFAULT_FEATURE_CONFIG, { listed });
  assert.equal(ex.listed, listed);
  const [a] = feed(ex, [tx('A', 'B', T0, 1)]);
  assert.equal(a('from_listed_hops'), none);
  ex.listed.addAccount('B');
  const [b] = feed(ex, [tx('A', 'C', T0 + 1, 1)]);
  assert.equal(b('from_listed_hops'), 1);
  const [c] = feed(ex, [tx('LATER', 'D', T0 + 2, 1)]);
  assert.equal(c('from_listed_hops'), 0);
  ex.listed.removeAccount('B');
  const [d] = feed(ex, [tx('A', 'E', T0 + 3, 1)]);
  assert.equal(d('from_listed_hops'), none);
  assert.throws(() => new FeatureExtractor(DEFAULT_FEATURE_CONFIG, { listed }), /another FeatureExtractor/);
});

test('identifier_listed: a listed device, phone or IP, or an account sharing one that is listed', () => {
  const ex = new FeatureExtractor(DEFAULT_FEATURE_CONFIG);
  const f = feed(ex, [
    tx('A', 'X', T0, 1, { device: 'd1' }),
    tx('B', 'X', T0 + 1, 1, { device: 'd1', phone: 'p1' }),
    tx('C', 'X', T0 + 2, 1, { ip: '10.0.0.1' }),
  ]);
  assert.deepEqual(f.map((g) => g('identifier_listed')), [0, 0, 0]);
  ex.listed.addAccount('A');
  ex.listed.addIdentifier('ip', '10.0.0.1');
  const g = feed(ex, [
    tx('D', 'X', T0 + 3, 1, { device: 'd1' }), // d1 is shared with listed A
    tx('E', 'X', T0 + 4, 1, { phone: 'p1' }), // p1 was used by B only
    tx('F', 'X', T0 + 5, 1, { ip: '10.0.0.1' }), // a listed IP
    tx('G', 'X', T0 + 6, 1),
  ]);
  assert.deepEqual(g.map((h) => h('identifier_listed')), [1, 0, 1, 0]);
  ex.listed.setIdentifierListed('ip', '10.0.0.1', false);
  ex.listed.setAccountListed('A', false);
  ex.listed.setAccountListed('E', true);
  const h = feed(ex, [tx('D', 'X', T0 + 7, 1, { device: 'd1' }), tx('H', 'X', T0 + 8, 1, { phone: 'p1' })]);
  assert.deepEqual(h.map((k) => k('identifier_listed')), [0, 1]);
});

test('an identifier shared by more accounts than the cap is not walked and counts as truncated', () => {
  const ex = new FeatureExtractor({ ...DEFAULT_FEATURE_CONFIG, patternMaxDegree: 3 });
  ex.listed.addAccount('A0');
  const f = feed(ex, Array.from({ length: 5 }, (_, i) => tx(`A${i}`, 'X', T0 + i, 1, { ip: 'gateway' })));
  assert.equal(f[2]('identifier_listed'), 1);
  assert.equal(f[4]('identifier_listed'), 0);
  assert.ok(f[4]('search_truncated') >= 1);
});

test('no path to a listed account runs through a super-node; a super-node\'s own contact still counts', () => {
  const ex = new FeatureExtractor({ ...DEFAULT_FEATURE_CONFIG, patternMaxDegree: 3 });
  ex.listed.addAccount('BAD');
  const f = feed(ex, [
    tx('BAD', 'SHOP', T0, 10),
    tx('P1', 'SHOP', T0 + 1, 10),
    tx('P2', 'SHOP', T0 + 2, 10),
    tx('P3', 'SHOP', T0 + 3, 10), // SHOP now has 4 payments in: a super-node at cap 3
    tx('A', 'SHOP', T0 + HOUR, 10),
  ]);
  assert.equal(f[2]('from_listed_hops'), 2, 'below the cap the shop links P2 to BAD');
  assert.equal(f[4]('to_listed_hops'), 1, 'the shop itself dealt with BAD');
  assert.equal(f[4]('from_listed_hops'), none, 'A reaches BAD only through the shop: no path');
  assert.ok(f[4]('search_truncated') >= 1);
});
