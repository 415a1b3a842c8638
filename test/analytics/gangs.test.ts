import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GangFinder, scoreGang, type GangOptions } from '../../src/analytics/index.js';
import { createRng } from '../../src/ml/prng.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
type Offer = [id: string, from: string, to: string, time: number, score: number, flagged: boolean];

function feed(finder: GangFinder, offers: Offer[]): void {
  for (const [id, from, to, time, score, flagged] of offers) finder.add(id, from, to, time, 100, score, flagged);
}

const opts: Partial<GangOptions> = { burnInMs: 0, minMass: 2, minSize: 3 };

/** Busy background: 40 accounts paying each other at random for 60 days, never alerted, a few weakly scored. */
function background(seed: number): Offer[] {
  const rnd = createRng(seed);
  const out: Offer[] = [];
  for (let i = 0; i < 2000; i++) {
    const a = `BG${Math.floor(rnd() * 40)}`;
    const b = `BG${Math.floor(rnd() * 40)}`;
    out.push([`bg${i}`, a, b, T0 + Math.floor((i / 2000) * 60) * DAY, rnd() * 0.3, false]);
  }
  return out;
}

function planted(): Offer[] {
  const cycle: Offer[] = ['C1', 'C2', 'C3', 'C4', 'C5'].map((a, i, all) => [`c${i}`, a, all[(i + 1) % all.length], T0 + (40 + i) * DAY, 0.9, true]);
  const scatterGather: Offer[] = [];
  for (const m of ['S1', 'S2', 'S3', 'S4']) {
    scatterGather.push([`sg-${m}-a`, 'SRC', m, T0 + 45 * DAY, 0.8, true], [`sg-${m}-b`, m, 'DST', T0 + 47 * DAY, 0.85, true]);
  }
  // A fan-out burst: the hub's first three payments alerted, the others weakly scored twice each
  // (together worth more than one alert, so they attach).
  const fan: Offer[] = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'].map((m, i) => [`fan${i}`, 'HUB', m, T0 + 50 * DAY, i < 3 ? 0.9 : 0.5, i < 3]);
  fan.push(...['F4', 'F5', 'F6'].map((m): Offer => [`fan-${m}-again`, 'HUB', m, T0 + 51 * DAY, 0.5, false]));
  // One background account is alerted once, against a planted member: no second ring, no merge of the others.
  const stray: Offer[] = [['stray', 'BG7', 'C3', T0 + 52 * DAY, 0.6, true]];
  return [...cycle, ...scatterGather, ...fan, ...stray];
}

function byMember(finder: GangFinder): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of finder.rings()) for (const a of r.members) m.set(a, r.ring);
  return m;
}

test('a planted cycle, scatter-gather and fan burst each become exactly one ring; busy background joins none', () => {
  const finder = new GangFinder({ ...opts, minScore: 0.45 });
  const offers = [...background(3), ...planted()].sort((a, b) => a[3] - b[3]);
  feed(finder, offers);
  const rings = finder.rings();
  const m = byMember(finder);
  const ringOf = (names: string[]): Set<string | undefined> => new Set(names.map((n) => m.get(n)));
  assert.equal(ringOf(['C1', 'C2', 'C3', 'C4', 'C5']).size, 1);
  assert.equal(ringOf(['SRC', 'S1', 'S2', 'S3', 'S4', 'DST']).size, 1);
  assert.equal(ringOf(['HUB', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6']).size, 1, 'weak fan edges attach to the alerted burst');
  assert.ok(!ringOf(['C1']).has(undefined) && !ringOf(['SRC']).has(undefined) && !ringOf(['HUB']).has(undefined));
  assert.equal(new Set([m.get('C1'), m.get('SRC'), m.get('HUB')]).size, 3, 'three distinct rings');
  const bg = [...m.keys()].filter((a) => a.startsWith('BG'));
  assert.deepEqual(bg, ['BG7'], 'only the alerted background account, attached to the cycle');
  assert.equal(rings.length, 3);
  const cycle = rings.find((r) => r.members.includes('C1'))!;
  assert.equal(cycle.edges.length, 6);
  assert.equal(cycle.mass, 6, 'six alerts: an alert counts 1 whatever its score');
  const fan = rings.find((r) => r.members.includes('HUB'))!;
  assert.ok(Math.abs(fan.mass - (3 + 6 * (2 / 3) * (0.5 / 0.45))) < 1e-9, 'weak evidence counts its share of the review threshold');
});

test('weak evidence never joins two rings, and hubs join none', () => {
  const finder = new GangFinder({ ...opts, minScore: 0.4, maxDegree: 3 });
  feed(finder, [
    ['a1', 'A1', 'A2', T0, 0.9, true], ['a2', 'A2', 'A3', T0, 0.9, true],
    ['b1', 'B1', 'B2', T0, 0.9, true], ['b2', 'B2', 'B3', T0, 0.9, true],
    ['w', 'A3', 'B1', T0 + DAY, 0.5, false],
    // X pays five ring members: a hub beyond maxDegree 3; its alerts join nothing.
    ...[1, 2, 3].map((i): Offer => [`x${i}`, 'X', `A${i}`, T0 + 2 * DAY, 0.9, true]),
    ...[1, 2].map((i): Offer => [`y${i}`, 'X', `B${i}`, T0 + 2 * DAY, 0.9, true]),
  ]);
  const m = byMember(finder);
  assert.notEqual(m.get('A1'), m.get('B1'));
  assert.equal(m.get('X'), undefined, 'a hub is no member');
});

test('an account a ring only weakly paid is attached to it while lone, and bridges nothing once alerts tie it elsewhere', () => {
  const finder = new GangFinder({ ...opts, minScore: 0.4 });
  feed(finder, [
    ['a1', 'A1', 'A2', T0, 0.9, true], ['a2', 'A2', 'A3', T0, 0.9, true],
    ['w', 'A3', 'P', T0 + DAY, 0.6, false],
  ]);
  assert.equal(byMember(finder).get('P'), byMember(finder).get('A1'), 'a lone account attaches to the ring that weakly paid it');
  feed(finder, [['b1', 'B1', 'B2', T0 + 2 * DAY, 0.9, true], ['b2', 'B2', 'P', T0 + 2 * DAY, 0.9, true], ['b3', 'P', 'B1', T0 + 3 * DAY, 0.9, true]]);
  const m = byMember(finder);
  assert.equal(m.get('P'), m.get('B1'), 'its alerts tie it to the second ring');
  assert.notEqual(m.get('A1'), m.get('B1'), 'the weak link does not weld the two rings');
  const a = finder.rings().find((r) => r.members.includes('A1'))!;
  assert.deepEqual(a.edges.map((e) => e.id), ['a1', 'a2'], 'the weak link between two rings counts for neither');
});

test('weak attachments stop at the size cap', () => {
  const finder = new GangFinder({ ...opts, minScore: 0.4, maxSize: 4 });
  feed(finder, [
    ['a1', 'A1', 'A2', T0, 0.9, true], ['a2', 'A2', 'A3', T0, 0.9, true],
    ...[1, 2, 3].map((i): Offer => [`w${i}`, 'A3', `P${i}`, T0 + i * DAY, 0.6, false]),
  ]);
  assert.deepEqual(finder.rings().map((r) => r.members), [['A1', 'A2', 'A3', 'P1']], 'the first lone payee fills the ring to four');
});

test('a lone account attaches once its weak links into a ring are worth one alert together', () => {
  const finder = new GangFinder({ ...opts, minScore: 0.4 });
  // Each weak link at 0.45 is worth (2/3)·(0.45/0.4) = 0.75 of an alert.
  feed(finder, [['a1', 'A1', 'A2', T0, 0.9, true], ['a2', 'A2', 'A3', T0, 0.9, true], ['w1', 'A3', 'P', T0 + DAY, 0.45, false], ['w2', 'A1', 'Q', T0 + DAY, 0.45, false]]);
  assert.deepEqual(finder.rings().map((r) => r.members), [['A1', 'A2', 'A3']], 'one weak link each: neither attaches');
  feed(finder, [['w3', 'P', 'A2', T0 + 2 * DAY, 0.45, false]]);
  assert.deepEqual(finder.rings().map((r) => r.members), [['A1', 'A2', 'A3', 'P']], 'two weak links: 1.5 alerts, P attaches');
});

test('two established rings need two alerted links to merge; a small ring grows at its first', () => {
  const ring = (p: string, n: number, t: number): Offer[] => Array.from({ length: n - 1 }, (_, i): Offer => [`${p}${i}`, `${p}${i}`, `${p}${i + 1}`, t, 0.9, true]);
  const finder = new GangFinder({ ...opts, mergeLinks: 2, mergeFrom: 6 });
  feed(finder, [...ring('A', 6, T0), ...ring('B', 6, T0), ['ab1', 'A5', 'B0', T0 + DAY, 0.9, true]]);
  assert.notEqual(byMember(finder).get('A0'), byMember(finder).get('B0'), 'one stray alert between two gangs of six');
  feed(finder, [['ab2', 'A2', 'B3', T0 + 2 * DAY, 0.9, true]]);
  assert.equal(byMember(finder).get('A0'), byMember(finder).get('B0'), 'a second link merges them');
  const small = new GangFinder({ ...opts, mergeLinks: 2, mergeFrom: 6 });
  feed(small, [...ring('C', 5, T0), ...ring('D', 3, T0), ['cd', 'C4', 'D0', T0 + DAY, 0.9, true]]);
  assert.equal(byMember(small).get('C0'), byMember(small).get('D0'), 'rings under six members merge at the first link');
});

test('burn-in, minimum size and evidence mass decide what is reported', () => {
  const late = T0 + 40 * DAY;
  const finder = new GangFinder({ burnInMs: 30 * DAY, minSize: 3, minMass: 3 });
  feed(finder, [
    ['start', 'Z0', 'Z1', T0, 0.1, false],
    ['early1', 'E1', 'E2', T0 + DAY, 0.9, true], ['early2', 'E2', 'E3', T0 + DAY, 0.9, true],
    ['p1', 'P1', 'P2', late, 0.9, true],
    ['q1', 'Q1', 'Q2', late, 0.6, true], ['q2', 'Q2', 'Q3', late, 0.6, true],
    ['r1', 'R1', 'R2', late, 0.9, true], ['r2', 'R2', 'R3', late, 0.9, true], ['r3', 'R3', 'R1', late, 0.9, true],
  ]);
  const rings = finder.rings();
  assert.deepEqual(rings.map((r) => r.members), [['R1', 'R2', 'R3']], 'burn-in (E), a pair (P) and two alerts < 3 (Q) are not rings');
  const risk = scoreGang(rings[0], new Set(['R1']), late);
  assert.ok(risk.risk > 0 && risk.risk < 1);
  assert.equal(risk.reasons.find((r) => r.name === 'listed_members')?.raw, 1);
  assert.equal(risk.reasons.find((r) => r.name === 'layering')?.value, 1, 'every member received and passed on');
});

test('a burst of three alerts in a day is a ring, also after older evidence; the same three alerts over a week are not (defaults: 5 alerts, or 3 in a burst)', () => {
  const finder = new GangFinder({ burnInMs: 0 });
  const fan = (hub: string, spreadDays: number): Offer[] => [1, 2, 3].map((i): Offer => [`${hub}${i}`, `${hub}-in${i}`, hub, T0 + ((i - 1) * spreadDays * DAY) / 2, 0.9, true]);
  feed(finder, [...fan('BURST', 0.5), ...fan('SPREAD', 7)]);
  // Four alerts over a month are not enough either; five are.
  feed(finder, [1, 2, 3, 4].map((i): Offer => [`m${i}`, 'SLOW', `SLOW-out${i}`, T0 + i * 7 * DAY, 0.9, true]));
  feed(finder, [1, 2, 3, 4, 5].map((i): Offer => [`f${i}`, 'FIVE', `FIVE-out${i}`, T0 + i * 7 * DAY, 0.9, true]));
  // One alert, then three within a day three weeks later: four in all, a burst among them.
  feed(finder, [['x0', 'MIXED-in0', 'MIXED', T0, 0.9, true], ...[1, 2, 3].map((i): Offer => [`x${i}`, `MIXED-in${i}`, 'MIXED', T0 + 21 * DAY + i * 3_600_000, 0.9, true])]);
  assert.deepEqual(finder.rings().map((r) => r.members[0]).sort(), ['BURST', 'FIVE', 'MIXED']);
});

test('two accounts alone are a ring once their evidence is worth 6 alerts, and not when rings must be larger', () => {
  const pair = (n: number, options: Partial<GangOptions> = {}): string[][] => {
    const finder = new GangFinder({ burnInMs: 0, ...options });
    // A depositor paid by n cash desks (outside accounts: evidence, no members), then one alerted payment on.
    for (let i = 0; i < n - 1; i++) finder.add(`c${i}`, `DESK${i % 3}`, 'DEP', T0 + i * DAY, 100, 0.9, true, undefined, true);
    finder.add('on', 'DEP', 'BEN', T0 + n * DAY, 100, 0.9, true);
    return finder.rings().map((r) => r.members);
  };
  assert.deepEqual(pair(6), [['BEN', 'DEP']]);
  assert.deepEqual(pair(5), [], 'five alerts: no pair ring');
  assert.deepEqual(pair(8, { minSize: 4 }), [], 'a caller asking for rings of four gets no pairs');
});

test('ring risk spreads: more and surer evidence ranks higher, nothing saturates at 1', () => {
  const finder = new GangFinder({ ...opts, minMass: 0 });
  const offers: Offer[] = [];
  for (let i = 0; i < 3; i++) offers.push([`s${i}`, `S${i}`, `S${i + 1}`, T0, 0.5, true]);
  for (let i = 0; i < 20; i++) offers.push([`b${i}`, `B${i % 10}`, `B${(i + 1) % 10}`, T0 + i, 0.95, true]);
  feed(finder, offers);
  const [big, small] = finder.rings().map((g) => scoreGang(g, new Set(), T0));
  assert.ok(big.members.includes('B0') && small.members.includes('S0'));
  assert.ok(big.risk > small.risk, `${big.risk} > ${small.risk}`);
  assert.ok(big.risk < 1);
});

test('deterministic, and incremental equals a full recomputation on random streams', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const rnd = createRng(seed);
    const offers: Offer[] = [];
    for (let i = 0; i < 600; i++) {
      const a = `N${Math.floor(rnd() * 60)}`;
      const b = `N${Math.floor(rnd() * 60)}`;
      offers.push([`t${i}`, a, b, T0 + i * 3_600_000, rnd(), rnd() < 0.15]);
    }
    const options = { ...opts, minScore: 0.8, maxSize: 12, maxDegree: 6 };
    const incremental = new GangFinder(options);
    let snapshots = 0;
    offers.forEach((o, i) => {
      feed(incremental, [o]);
      if (i % 97 === 0) {
        const full = new GangFinder(options);
        feed(full, offers.slice(0, i + 1));
        assert.deepEqual(incremental.rings(), full.rings(), `seed ${seed}, after ${i + 1}`);
        snapshots++;
      }
    });
    const again = new GangFinder(options);
    feed(again, offers);
    assert.deepEqual(again.rings(), incremental.rings());
    assert.ok(snapshots > 5);
    assert.ok(incremental.rings().length > 0, 'the stream makes rings to compare');
  }
});

test('an alert that closed a cycle joins the whole cycle: one ring with the loop as its motif', () => {
  const loop = ['L1', 'L2', 'L3', 'L4', 'L5'];
  const withPattern = new GangFinder({ burnInMs: 0 });
  const without = new GangFinder({ burnInMs: 0 });
  const offers = background(5);
  feed(withPattern, offers);
  feed(without, offers);
  // Only the closing transfer L5 → L1 is alerted; the loop's other transfers scored low.
  for (let i = 0; i < 4; i++) {
    withPattern.add(`l${i}`, loop[i], loop[i + 1], T0 + (61 + i) * DAY, 100, 0.1, false);
    without.add(`l${i}`, loop[i], loop[i + 1], T0 + (61 + i) * DAY, 100, 0.1, false);
  }
  withPattern.add('close', 'L5', 'L1', T0 + 66 * DAY, 100, 0.8, true, { accounts: loop, transactions: ['l0', 'l1', 'l2', 'l3'] });
  without.add('close', 'L5', 'L1', T0 + 66 * DAY, 100, 0.8, true);
  const rings = withPattern.rings();
  assert.equal(rings.length, 1);
  assert.deepEqual(rings[0].members, loop);
  assert.equal(rings[0].mass, 5, 'the alert and its four hops, each worth the alert');
  assert.deepEqual(rings[0].motifs, [{ kind: 'cycle', via: 'close', accounts: loop, transactions: ['l0', 'l1', 'l2', 'l3'] }]);
  assert.deepEqual(rings[0].edges.map((e) => e.id), ['close']);
  assert.equal(without.rings().length, 0, 'without the pattern the alert ties two accounts only');
  // A pattern that does not end at the transfer's payer is ignored.
  const wrong = new GangFinder({ burnInMs: 0 });
  wrong.add('close', 'L5', 'L1', T0, 100, 0.8, true, { accounts: ['L1', 'L2', 'L9'] });
  // A pattern without its hop transactions still joins; the motif then names accounts only.
  const bare = new GangFinder({ burnInMs: 0 });
  bare.add('close', 'L5', 'L1', T0, 100, 0.8, true, { accounts: loop });
  assert.deepEqual(bare.rings()[0]?.motifs, [{ kind: 'cycle', via: 'close', accounts: loop }]);
  assert.equal(wrong.rings().length, 0);
  const risk = scoreGang(rings[0], new Set<string>(), T0 + 66 * DAY);
  assert.equal(risk.reasons.find((r) => r.name === 'layering')?.raw, 5, 'every member of a loop passes money on');
});

test('an account seen only on cross-border or cash transfers is evidence, never a member or a bridge', () => {
  const finder = new GangFinder({ burnInMs: 0, minMass: 2 });
  // Two groups of three, each alerted internally, both paying the same offshore account.
  for (const g of ['P', 'Q']) {
    finder.add(`${g}1`, `${g}1`, `${g}2`, T0, 100, 0.9, true);
    finder.add(`${g}2`, `${g}2`, `${g}3`, T0, 100, 0.9, true);
    finder.add(`${g}x`, `${g}3`, 'OFFSHORE', T0 + DAY, 100, 0.9, true, undefined, true);
  }
  const rings = finder.rings();
  assert.deepEqual(rings.map((r) => r.members), [['P1', 'P2', 'P3'], ['Q1', 'Q2', 'Q3']]);
  assert.deepEqual(rings[0].edges.map((e) => e.id), ['P1', 'P2', 'Px'], 'the offshore transfer stays evidence of its payer\'s ring');
  // Once the account is seen on a domestic transfer it is a customer like any other and joins.
  const later = new GangFinder({ burnInMs: 0, minMass: 2 });
  later.add('d', 'OFFSHORE', 'Z', T0, 100, 0, false);
  for (const g of ['P', 'Q']) {
    later.add(`${g}1`, `${g}1`, `${g}2`, T0, 100, 0.9, true);
    later.add(`${g}x`, `${g}2`, 'OFFSHORE', T0 + DAY, 100, 0.9, true, undefined, true);
  }
  assert.deepEqual(later.rings().map((r) => r.members), [['OFFSHORE', 'P1', 'P2', 'Q1', 'Q2']]);
});

test('a loop through an outside account is one motif, whole: every account and hop transaction, the outside account no member', () => {
  const finder = new GangFinder({ burnInMs: 0, minMass: 2 });
  // FX is seen only on cross-border transfers: another institution's account, never a member.
  finder.add('x1', 'FX', 'Q', T0, 100, 0.1, false, undefined, true);
  const loop = ['L1', 'L2', 'FX', 'L3', 'L4'];
  finder.add('close', 'L4', 'L1', T0 + DAY, 100, 0.8, true, { accounts: loop, transactions: ['h1', 'h2', 'h3', 'h4'] });
  const rings = finder.rings();
  assert.equal(rings.length, 1);
  assert.deepEqual(rings[0].members, ['L1', 'L2', 'L3', 'L4']);
  assert.deepEqual(rings[0].motifs, [{ kind: 'cycle', via: 'close', accounts: loop, transactions: ['h1', 'h2', 'h3', 'h4'] }]);
});

test('an alert that passes on its payer\'s last receipt joins the payer of that receipt (a feeder), adding no evidence mass', () => {
  const HOUR = 3_600_000;
  const finder = new GangFinder({ ...opts, minMass: 3 });
  // Four victims each pay mule M; within the hour M passes 98 % on to cash-out account C (alerted).
  ['V1', 'V2', 'V3', 'V4'].forEach((v, i) => {
    const t = T0 + i * DAY;
    finder.add(`in${i}`, v, 'M', t, 10_000, 0, false);
    finder.add(`out${i}`, 'M', 'C', t + HOUR, 9_800, 0.9, true);
  });
  // Not feeders: a receipt passed on at half its amount, one passed on more than two days later,
  // one from a cash desk (no customer), and a receipt followed by an alert the other way.
  finder.add('in-half', 'H', 'M', T0 + 10 * DAY, 10_000, 0, false);
  finder.add('out-half', 'M', 'C', T0 + 10 * DAY + HOUR, 5_000, 0.9, true);
  finder.add('in-old', 'O', 'M', T0 + 11 * DAY, 10_000, 0, false);
  finder.add('out-old', 'M', 'C', T0 + 13 * DAY + HOUR, 9_900, 0.9, true);
  finder.add('in-desk', 'CASH-1', 'M', T0 + 14 * DAY, 10_000, 0, false, undefined, true);
  finder.add('out-desk', 'M', 'C', T0 + 14 * DAY + HOUR, 9_900, 0.9, true);
  const [ring, ...rest] = finder.rings();
  assert.equal(rest.length, 0);
  assert.deepEqual(ring.members, ['C', 'M', 'V1', 'V2', 'V3', 'V4']);
  assert.equal(ring.mass, 7, 'seven alerts; the four feeder links add nothing');
  assert.deepEqual(ring.edges.filter((e) => e.id.startsWith('in')).map((e) => [e.id, e.from, e.to, e.amount]), [
    ['in0', 'V1', 'M', 10_000], ['in1', 'V2', 'M', 10_000], ['in2', 'V3', 'M', 10_000], ['in3', 'V4', 'M', 10_000],
  ], 'each feeding receipt is evidence of the ring, once');
  assert.ok(ring.edges.every((e) => (e.feeder === true) === e.id.startsWith('in')), 'receipts marked as feeders, alerts not');
  const risk = scoreGang(ring, new Set<string>(), T0 + 14 * DAY);
  const reason = (name: string) => risk.reasons.find((r) => r.name === name)!;
  assert.ok(Math.abs(reason('confidence').value - 0.9) < 1e-9, 'the mean score of the alerts; receipts scored 0 do not dilute it');
  assert.equal(reason('evidence').raw, 7);
  assert.equal(reason('layering').raw, 1, 'M received and passed on');
});

test('a feeder link is one receipt, used once, and an alerted receipt is not also a feeder', () => {
  const HOUR = 3_600_000;
  const finder = new GangFinder({ ...opts, minMass: 1, minSize: 3 });
  finder.add('a', 'X', 'M', T0, 1_000, 0.9, true); // alerted receipt: already evidence
  finder.add('b', 'M', 'C', T0 + HOUR, 990, 0.9, true);
  finder.add('c', 'M', 'D', T0 + 2 * HOUR, 990, 0.9, true); // the same receipt cannot feed twice
  const ids = finder.rings().flatMap((r) => r.edges.map((e) => e.id)).sort();
  assert.deepEqual(ids, ['a', 'b', 'c']);
});

test('alerts among payments that together pass on a run of receipts join each sizeable receipt\'s payer (split feeders)', () => {
  const HOUR = 3_600_000;
  const finder = new GangFinder({ ...opts, minMass: 2 });
  const add = (id: string, from: string, to: string, day: number, hour: number, amount: number, alert = false): void => {
    finder.add(id, from, to, T0 + day * DAY + hour * HOUR, amount, alert ? 0.9 : 0, alert);
  };
  // L gathers two transfers and a relative's pocket money, spends a little (under 5 % of what it
  // gathered: the run goes on), then splits it over three payees within the day, the last two
  // alerted: at the third payment 95,800 of 100,050 is passed on (≥ 90 %).
  add('g1', 'P1', 'L', 0, 0, 60_000);
  add('tiny', 'REL', 'L', 0, 1, 50);
  add('spend', 'L', 'SHOP', 0, 2, 800);
  add('g2', 'P2', 'L', 0, 3, 40_000);
  add('s1', 'L', 'N1', 0, 20, 30_000);
  add('s2', 'L', 'N2', 0, 21, 35_000, true);
  add('s3', 'L', 'N3', 0, 22, 30_000, true);
  // K pays a sizeable part of its first receipt out before its second: only the second run feeds.
  add('k1', 'Q1', 'K', 5, 0, 50_000);
  add('kp', 'K', 'X', 5, 1, 20_000);
  add('k2', 'Q2', 'K', 5, 2, 30_000);
  add('k3', 'K', 'Y', 5, 3, 14_000, true);
  add('k4', 'K', 'Z', 5, 4, 14_500, true);
  // Not split feeders: 60 % passed on; 96 % passed on three days after the receipt.
  add('r1', 'W1', 'R', 10, 0, 10_000);
  add('r2', 'R', 'U1', 10, 1, 3_000, true);
  add('r3', 'R', 'U2', 10, 2, 3_000, true);
  add('l1', 'W2', 'S', 20, 0, 10_000);
  add('l2', 'S', 'U3', 23, 0, 4_800, true);
  add('l3', 'S', 'U4', 23, 1, 4_800, true);
  const rings = finder.rings().map((r) => ({ members: r.members, feeders: r.edges.filter((e) => e.feeder).map((e) => e.id), mass: r.mass }));
  rings.sort((a, b) => a.members[0].localeCompare(b.members[0]));
  assert.deepEqual(rings, [
    { members: ['K', 'Q2', 'Y', 'Z'], feeders: ['k2'], mass: 2 },
    { members: ['L', 'N2', 'N3', 'P1', 'P2'], feeders: ['g1', 'g2'], mass: 2 },
    { members: ['R', 'U1', 'U2'], feeders: [], mass: 2 },
    { members: ['S', 'U3', 'U4'], feeders: [], mass: 2 },
  ]);
});

test('a customer cashing out what it was sent is paying it on: the senders feed its ring, the cash desk joins none', () => {
  const HOUR = 3_600_000;
  const finder = new GangFinder({ ...opts, minMass: 3 });
  ['V1', 'V2', 'V3'].forEach((v, i) => {
    const t = T0 + i * DAY;
    finder.add(`in${i}`, v, 'M', t, 10_000, 0, false);
    finder.add(`cash${i}`, 'M', 'CASH-1', t + HOUR, 9_800, 0.9, true, undefined, true);
  });
  // A deposit at the desk feeds nothing: the desk is no customer.
  finder.add('dep', 'CASH-1', 'M', T0 + 5 * DAY, 10_000, 0, false, undefined, true);
  finder.add('cash-dep', 'M', 'CASH-1', T0 + 5 * DAY + HOUR, 9_900, 0.9, true, undefined, true);
  const [ring, ...rest] = finder.rings();
  assert.equal(rest.length, 0);
  assert.deepEqual(ring.members, ['M', 'V1', 'V2', 'V3']);
  assert.deepEqual(ring.edges.filter((e) => e.feeder).map((e) => e.id), ['in0', 'in1', 'in2']);
});
