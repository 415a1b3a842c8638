/**
 * Planted layering patterns: fan-out, fan-in, scatter-gather, gather-scatter, cycles, random
 * walks, bipartite flows and stacks (layered chains of groups). Each runs either fast (within
 * a day) or slow (rounds spread over weeks), with fees skimmed at each hop.
 */
import { DAY, HOUR, MINUTE } from './calendar.js';
import { roundDownYuan } from './ids.js';
import { delay, dirtyAmount, split, startTime, type InstanceBuilder, type PatternContext } from './instance.js';
import type { DemoAccount } from './types.js';

/** Plants one instance; `n` is its ordinal among instances of the same pattern. */
export type PatternBuilder = (ctx: PatternContext, b: InstanceBuilder, n: number) => void;

const skim = (ctx: PatternContext, amount: number): number => Math.round(amount * ctx.rng.float(0.965, 0.995));
const accts = (ctx: PatternContext, n: number): DemoAccount[] => ctx.take(n).map((p) => p.acct);
/** Fast (within a day) or slow (over weeks): the first instance of each pattern is fixed, so every bank has both. */
const isFast = (ctx: PatternContext, n: number, first: boolean, p: number): boolean => (n === 0 ? first : ctx.rng.chance(p));
const gap = (ctx: PatternContext, fast: boolean): number =>
  fast ? ctx.rng.int(1, 25) * MINUTE + ctx.rng.int(0, 59_999) : ctx.rng.int(10, 600) * MINUTE;

/** One hub pays out a large inflow to many accounts. */
export const fanOut: PatternBuilder = (ctx, b, n) => {
  const { rng } = ctx;
  const fast = isFast(ctx, n, true, 0.3);
  const [hub] = accts(ctx, 1);
  const k = fast ? rng.int(15, 45) : rng.int(10, 32);
  const pool = accts(ctx, k + rng.int(0, 8));
  const rounds = fast ? 1 : rng.int(5, 10);
  let t = startTime(ctx, fast ? 1 : rounds * 3);
  for (let r = 0; r < rounds; r++) {
    const total = dirtyAmount(rng, 600_000, 0.5, 150_000, 3_000_000);
    b.fund(hub, total, t);
    const to = rng.sample(pool, rng.int(Math.max(6, k - 8), k));
    let tt = t + delay(rng, true);
    split(rng, skim(ctx, total), to.length, 100).forEach((part, i) => {
      tt += gap(ctx, fast);
      b.send(hub, to[i], part, tt);
    });
    t = tt + rng.int(1, 4) * DAY + rng.int(0, 8) * HOUR;
  }
};

/** Many accounts pay into one collector, which passes the lot on. */
export const fanIn: PatternBuilder = (ctx, b, n) => {
  const { rng } = ctx;
  const fast = isFast(ctx, n, false, 0.3);
  const [hub] = accts(ctx, 1);
  const k = fast ? rng.int(15, 45) : rng.int(10, 32);
  const pool = accts(ctx, k + rng.int(0, 8));
  const rounds = fast ? 1 : rng.int(5, 10);
  let t = startTime(ctx, fast ? 1 : rounds * 3.5);
  for (let r = 0; r < rounds; r++) {
    const from = rng.sample(pool, rng.int(Math.max(6, k - 8), k));
    let sum = 0;
    let tt = t;
    for (const a of from) {
      const amount = dirtyAmount(rng, 22_000, 0.6, 3_000, 49_900);
      sum += amount;
      tt += fast ? gap(ctx, true) : rng.int(10, 100) * MINUTE;
      b.send(a, hub, amount, tt);
    }
    tt += delay(rng, fast);
    const outs = rng.chance(0.5) ? 1 : 2;
    for (const part of split(rng, skim(ctx, sum), outs, 100)) {
      tt += rng.int(5, 60) * MINUTE;
      b.exit(hub, part, tt);
    }
    t = tt + rng.int(1, 4) * DAY;
  }
};

/** A source scatters to intermediates, which all pay one sink. */
export const scatterGather: PatternBuilder = (ctx, b, n) => {
  const { rng } = ctx;
  const fast = isFast(ctx, n, false, 0.3);
  const [source, sink] = accts(ctx, 2);
  const mids = accts(ctx, rng.int(5, 16));
  const rounds = fast ? 1 : rng.int(4, 9);
  let t = startTime(ctx, fast ? 1 : rounds * 4);
  for (let r = 0; r < rounds; r++) {
    const amounts = mids.map(() => dirtyAmount(rng, 60_000, 0.5, 10_000, 300_000));
    if (r === 0 && rng.chance(0.5)) b.fund(source, amounts.reduce((a, x) => a + x, 0), t - rng.int(1, 12) * HOUR);
    let tt = t;
    let last = t;
    mids.forEach((m, i) => {
      tt += gap(ctx, true);
      b.send(source, m, amounts[i], tt);
      const on = tt + (fast ? delay(rng, true) : rng.int(2, 36) * HOUR);
      b.send(m, sink, skim(ctx, amounts[i]), on);
      last = Math.max(last, on);
    });
    t = last + rng.int(1, 4) * DAY;
  }
};

/** Several sources pay a hub, which then pays several destinations. */
export const gatherScatter: PatternBuilder = (ctx, b, n) => {
  const { rng } = ctx;
  const fast = isFast(ctx, n, true, 0.3);
  const [hub] = accts(ctx, 1);
  const sources = accts(ctx, rng.int(5, 15));
  const dests = accts(ctx, rng.int(5, 15));
  const rounds = fast ? 1 : rng.int(3, 7);
  let t = startTime(ctx, fast ? 1 : rounds * 4);
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    let tt = t;
    for (const s of sources) {
      const amount = dirtyAmount(rng, 45_000, 0.6, 5_000, 400_000);
      sum += amount;
      tt += fast ? gap(ctx, true) : rng.int(15, 180) * MINUTE;
      b.send(s, hub, amount, tt);
    }
    tt += delay(rng, fast);
    split(rng, skim(ctx, sum), dests.length, 100).forEach((part, i) => {
      tt += gap(ctx, fast);
      b.send(hub, dests[i], part, tt);
    });
    t = tt + rng.int(1, 4) * DAY;
  }
};

/** Money goes round a loop of 3–6 accounts and comes back, possibly several times. */
export const cycle: PatternBuilder = (ctx, b, n) => {
  const { rng } = ctx;
  const fast = isFast(ctx, n, true, 0.35);
  const ring = accts(ctx, rng.int(3, 6));
  const rounds = fast ? rng.int(1, 2) : rng.int(4, 10);
  let t = startTime(ctx, fast ? 1 : rounds * 3);
  for (let r = 0; r < rounds; r++) {
    let amount = dirtyAmount(rng, 250_000, 0.7, 50_000, 2_000_000);
    for (let i = 0; i < ring.length; i++) {
      b.send(ring[i], ring[(i + 1) % ring.length], amount, t);
      amount = roundDownYuan(skim(ctx, amount), 10);
      t += fast ? delay(rng, true) : rng.int(1, 24) * HOUR + rng.int(0, 59) * MINUTE;
    }
    t += fast ? rng.int(1, 6) * HOUR : rng.int(1, 3) * DAY;
  }
};

/** Funds wander through a sparse web of controlled accounts, then leave. */
export const randomWalk: PatternBuilder = (ctx, b, n) => {
  const { rng } = ctx;
  const fast = isFast(ctx, n, false, 0.35);
  const members = accts(ctx, rng.int(6, 15));
  const next = members.map((m) => rng.sample(members.filter((x) => x !== m), rng.int(2, 3)));
  const walks = fast ? rng.int(1, 2) : rng.int(3, 7);
  let t = startTime(ctx, fast ? 1 : walks * 5);
  for (let w = 0; w < walks; w++) {
    let at = rng.int(0, members.length - 1);
    let amount = dirtyAmount(rng, 150_000, 0.6, 30_000, 1_000_000);
    b.fund(members[at], amount, t);
    const hops = rng.int(5, 14);
    let tt = t;
    for (let h = 0; h < hops; h++) {
      tt += fast ? rng.int(5, 90) * MINUTE : delay(rng, rng.chance(0.3));
      const to = rng.pick(next[at]);
      amount = skim(ctx, amount);
      b.send(members[at], to, amount, tt);
      at = members.indexOf(to);
    }
    b.exit(members[at], roundDownYuan(skim(ctx, amount), 100), tt + delay(rng, true));
    t = fast ? tt + rng.int(1, 4) * HOUR : t + rng.int(2, 7) * DAY;
  }
};

/** A group of payers each pays many of a group of payees (a dense bipartite block). */
export const bipartite: PatternBuilder = (ctx, b, n) => {
  const { rng } = ctx;
  const fast = isFast(ctx, n, false, 0.3);
  const left = accts(ctx, rng.int(3, 8));
  const right = accts(ctx, rng.int(3, 8));
  const density = rng.float(0.5, 1);
  const rounds = fast ? 1 : rng.int(3, 7);
  let t = startTime(ctx, fast ? 1 : rounds * 4);
  for (let r = 0; r < rounds; r++) {
    let tt = t;
    for (const a of left) {
      const to = right.filter(() => rng.chance(density));
      if (to.length === 0) to.push(rng.pick(right));
      for (const c of to) {
        tt += fast ? gap(ctx, true) : rng.int(10, 90) * MINUTE;
        b.send(a, c, dirtyAmount(rng, 40_000, 0.5, 5_000, 300_000), tt);
      }
    }
    t = tt + rng.int(1, 5) * DAY;
  }
};

/** Layers of accounts: each layer splits what it received over the next layer (a stack). */
export const stack: PatternBuilder = (ctx, b, n) => {
  const { rng } = ctx;
  const fast = isFast(ctx, n, true, 0.3);
  const layers = Array.from({ length: rng.int(3, 5) }, () => accts(ctx, rng.int(2, 6)));
  const rounds = fast ? 1 : rng.int(2, 5);
  let t = startTime(ctx, fast ? 1 : rounds * 7);
  for (let r = 0; r < rounds; r++) {
    let held = new Map<DemoAccount, { amount: number; at: number }>();
    let tt = t;
    for (const a of layers[0]) {
      const amount = dirtyAmount(rng, 300_000, 0.5, 80_000, 2_000_000);
      tt += gap(ctx, true);
      b.fund(a, amount, tt);
      held.set(a, { amount, at: tt });
    }
    for (let l = 1; l < layers.length; l++) {
      const nextHeld = new Map<DemoAccount, { amount: number; at: number }>();
      for (const [a, { amount, at }] of held) {
        const to = layers[l].filter(() => rng.chance(0.75));
        if (to.length === 0) to.push(rng.pick(layers[l]));
        let when = at + (fast ? delay(rng, true) : rng.int(3, 48) * HOUR);
        split(rng, skim(ctx, amount), to.length, 100).forEach((part, i) => {
          when += gap(ctx, true);
          b.send(a, to[i], part, when);
          const prev = nextHeld.get(to[i]);
          nextHeld.set(to[i], { amount: (prev?.amount ?? 0) + part, at: Math.max(prev?.at ?? 0, when) });
        });
      }
      held = nextHeld;
    }
    let last = t;
    for (const { at } of held.values()) last = Math.max(last, at);
    t = last + rng.int(2, 6) * DAY;
  }
};
