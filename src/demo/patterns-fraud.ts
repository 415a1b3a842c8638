/**
 * Planted fraud and placement patterns: structuring (cash just under the ¥50,000 report
 * threshold), dormant accounts suddenly moving large sums, money-mule chains cashing out
 * victims' money within hours, and fraud rings sharing devices and phones.
 */
import { DAY, HOUR, MINUTE } from './calendar.js';
import { roundDownYuan, yuan } from './ids.js';
import { delay, dirtyAmount, split, startTime } from './instance.js';
import type { PatternBuilder } from './patterns-layering.js';
import type { DemoAccount } from './types.js';

/** Repeated cash deposits of ¥45,000–49,900 over a few days, then the sum moves on. */
export const structuring: PatternBuilder = (ctx, b) => {
  const { rng, clock } = ctx;
  const [main] = ctx.take(1).map((p) => p.acct);
  const spanDays = rng.int(2, 7);
  const day0 = clock.dayOf(startTime(ctx, spanDays + 1));
  const deposit = (to: DemoAccount, count: number, firstDay: number, days: number): { total: number; last: number } => {
    let total = 0;
    let last = 0;
    for (let i = 0; i < count; i++) {
      const d = firstDay + Math.floor((i * days) / count);
      const t = clock.timeOn(rng, d, 'business', false);
      const amount = yuan(rng.int(450, 499) * 100);
      b.cashIn(b.branchNear(to), to, amount, t);
      total += amount;
      last = Math.max(last, t);
    }
    return { total, last };
  };
  let { total, last } = deposit(main, rng.int(4, 12), day0, spanDays);
  if (rng.chance(0.35)) {
    // smurfs deposit into their own accounts and pass the cash on to the organiser
    for (const s of ctx.take(rng.int(2, 3)).map((p) => p.acct)) {
      const got = deposit(s, rng.int(2, 4), day0, spanDays);
      const t = got.last + rng.int(30, 600) * MINUTE;
      b.send(s, main, got.total, t);
      total += got.total;
      last = Math.max(last, t);
    }
  }
  let t = last + rng.int(2, 30) * HOUR;
  for (const part of split(rng, Math.round(total * rng.float(0.9, 1)), rng.int(1, 2), 100)) {
    b.exit(main, part, t);
    t += rng.int(10, 120) * MINUTE;
  }
};

/** A long-dormant account suddenly receives and pays out large sums from a new device. */
export const dormantBurst: PatternBuilder = (ctx, b, n) => {
  const { rng, pop, clock } = ctx;
  const acct = pop.dormant[n % pop.dormant.length];
  b.role('dormant', acct);
  const id = b.freshIdentity(acct);
  let t = startTime(ctx, 3, 'evening', Math.floor(clock.days * 0.45));
  let total = 0;
  for (let i = rng.int(1, 3); i > 0; i--) {
    const amount = dirtyAmount(rng, 900_000, 0.7, 300_000, 5_000_000);
    b.fund(acct, amount, t);
    total += amount;
    t += rng.int(10, 240) * MINUTE;
  }
  const parts = split(rng, Math.round(total * rng.float(0.95, 1)), rng.int(3, 12), 100);
  for (const part of parts) {
    t += rng.int(5, 8 * 60) * MINUTE;
    b.exit(acct, part, t, id);
  }
};

/** Victims pay a mule (sometimes via a second mule), who takes about the same out in cash within hours. */
export const muleChain: PatternBuilder = (ctx, b) => {
  const { rng } = ctx;
  const fast = rng.chance(0.4);
  const firstMules = ctx.take(rng.chance(0.3) ? 2 : 1).map((p) => p.acct);
  const second = rng.chance(0.35) ? ctx.take(1)[0].acct : null;
  for (const m of firstMules) b.role('mule', m);
  if (second) b.role('mule', second);
  const victims = ctx.take(fast ? rng.int(3, 10) : rng.int(6, 20)).map((p) => p.acct);
  const span = fast ? 1 : rng.int(5, 20);
  const t0 = startTime(ctx, span, 'retail');
  victims.forEach((v, i) => {
    const t = fast ? t0 + i * rng.int(5, 60) * MINUTE : t0 + Math.floor(rng.float(0, span) * DAY);
    const amount = dirtyAmount(rng, 25_000, 0.8, 2_000, 150_000);
    const mule = rng.pick(firstMules);
    b.send(v, mule, amount, t, undefined, 'mobile');
    let holder = mule;
    let held = amount;
    let tt = t;
    if (second) {
      tt += rng.int(10, 90) * MINUTE;
      held = roundDownYuan(Math.round(amount * rng.float(0.98, 1)), 10);
      b.send(mule, second, held, tt, b.freshIdentity(mule));
      holder = second;
    }
    tt += rng.int(20, 360) * MINUTE;
    b.cashOut(holder, b.branchNear(holder), roundDownYuan(Math.round(held * rng.float(0.98, 1)), 100), tt);
  });
};

/** Accounts sharing one or two devices and phones pass money among themselves and out. */
export const fraudRing: PatternBuilder = (ctx, b, n) => {
  const { rng, pop } = ctx;
  const members = pop.rings[n % pop.rings.length].map((p) => p.acct);
  for (const m of members) b.role('ring', m);
  const fast = rng.chance(0.3);
  const span = fast ? 2 : rng.int(7, 21);
  const t0 = startTime(ctx, span, 'evening');
  const at = (x: number): number => t0 + Math.floor(x * span * DAY);
  for (const v of ctx.take(rng.int(5, 20)).map((p) => p.acct)) {
    b.send(v, rng.pick(members), dirtyAmount(rng, 15_000, 0.9, 1_000, 200_000), at(rng.next() * 0.7), undefined, 'mobile');
  }
  for (let i = rng.int(30, 90); i > 0; i--) {
    const [from, to] = rng.sample(members, 2);
    b.send(from, to, dirtyAmount(rng, 8_000, 0.8, 500, 50_000), at(rng.next()));
  }
  for (let i = rng.int(5, 15); i > 0; i--) {
    const t = at(0.5 + 0.5 * rng.next()) + delay(rng, true);
    b.exit(rng.pick(members), dirtyAmount(rng, 20_000, 0.7, 2_000, 49_900), t);
  }
};
