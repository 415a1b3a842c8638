/**
 * Legitimate retail background: card and QR payments to merchants (merchant fan-in), utility
 * bills (super-node receivers), P2P transfers among family and friends (with family loans paid
 * back: A→B→A round trips, and red envelopes at Spring Festival), and cash in and out at branches.
 */
import { DAY, HOUR, MINUTE, type Clock, type Rhythm } from './calendar.js';
import { clampInt, roundDownYuan, yuan } from './ids.js';
import type { Ledger } from './ledger.js';
import { identityOf, type Org, type Person, type Population, type UtilityKind } from './population.js';
import { cumulative, type Rng } from './prng.js';

export interface BackgroundContext {
  rng: Rng;
  clock: Clock;
  pop: Population;
  ledger: Ledger;
}

/**
 * Spreads `budget` events over people in proportion to `factor(p)` and the share of the period
 * they are active, calling `each(p, n)` with a Poisson count for each person.
 */
export function perPerson(ctx: BackgroundContext, budget: number, factor: (p: Person) => number, each: (p: Person, n: number) => void): void {
  const { clock, pop, rng } = ctx;
  const span = clock.end - clock.start;
  const w = pop.people.map((p) => factor(p) * Math.max(0, clock.end - p.activeFrom) / span);
  const total = w.reduce((a, b) => a + b, 0);
  if (total <= 0 || budget <= 0) return;
  pop.people.forEach((p, i) => {
    const n = rng.poisson((budget * w[i]) / total);
    if (n > 0) each(p, n);
  });
}

/** A time for a person's activity: a day from the table, not before they are active. */
export function personTime(ctx: BackgroundContext, p: Person, table: Float64Array, rhythm: Rhythm): number {
  const { clock, rng } = ctx;
  const d = clock.dayFrom(rng, table, clock.dayOf(p.activeFrom));
  const t = clock.timeOn(rng, d, rhythm);
  return t >= p.activeFrom ? t : clock.clamp(p.activeFrom + rng.int(1, 8 * 60) * MINUTE);
}

interface MerchantTable {
  orgs: Org[];
  table: Float64Array;
}

function merchantTables(pop: Population): { local: Map<string, MerchantTable>; online: MerchantTable } {
  const local = new Map<string, MerchantTable>();
  const byCity = new Map<string, Org[]>();
  const online: Org[] = [];
  for (const m of pop.merchants) {
    if (m.online) online.push(m);
    else byCity.set(m.acct.city, [...(byCity.get(m.acct.city) ?? []), m]);
  }
  for (const [city, orgs] of byCity) local.set(city, { orgs, table: cumulative(orgs.map((o) => o.weight)) });
  const all = online.length > 0 ? online : pop.merchants;
  return { local, online: { orgs: all, table: cumulative(all.map((o) => o.weight)) } };
}

export function cardPayments(ctx: BackgroundContext, budget: number): void {
  const { rng, clock, pop, ledger } = ctx;
  const { local, online } = merchantTables(pop);
  const days = clock.dayTable(1.2, 1.3);
  perPerson(ctx, budget, (p) => p.weight, (p, n) => {
    const near = local.get(p.acct.city);
    for (let k = 0; k < n; k++) {
      const t = near && rng.chance(0.72) ? near : online;
      const m = t.orgs[rng.weighted(t.table)];
      const amount = clampInt(m.ticket * rng.logNormal(1, 0.7), 100, yuan(60_000));
      const roll = rng.next();
      const channel = roll < 0.42 ? 'card' : roll < 0.95 ? 'mobile' : 'ecny';
      const id = channel === 'card' ? {} : identityOf(rng, p.acct);
      ledger.add({ time: personTime(ctx, p, days, 'retail'), from: p.acct.id, to: m.acct.id, amount, channel, ...id, country: 'CN' });
    }
  });
}

const BILLS: Readonly<Record<UtilityKind, readonly [median: number, sigma: number]>> = {
  electricity: [180, 0.6], water: [60, 0.5], gas: [90, 0.6], mobile: [88, 0.35], broadband: [100, 0.25], property: [450, 0.5],
};

export function billPayments(ctx: BackgroundContext, budget: number): void {
  const { rng, clock, ledger } = ctx;
  const days = clock.dayTable(0.8);
  perPerson(ctx, budget, (p) => p.utilities.length * (0.5 + 0.5 * p.weight), (p, n) => {
    if (p.utilities.length === 0) return;
    for (let k = 0; k < n; k++) {
      const u = rng.pick(p.utilities);
      const [median, sigma] = BILLS[u.utility ?? 'electricity'];
      const plan = u.utility === 'mobile' || u.utility === 'broadband';
      const amount = plan ? yuan(Math.round(rng.logNormal(median, sigma))) : clampInt(yuan(rng.logNormal(median, sigma)), 500, yuan(20_000));
      const auto = rng.chance(0.5);
      const id = auto ? {} : identityOf(rng, p.acct);
      ledger.add({
        time: personTime(ctx, p, days, auto ? 'batch' : 'evening'), from: p.acct.id, to: u.acct.id, amount,
        channel: auto ? 'transfer' : 'mobile', ...id, country: 'CN',
      });
    }
  });
}

const RED_ENVELOPES: readonly number[] = [8.88, 66.66, 88.88, 166, 188, 200, 200, 520, 666, 888, 1000, 2000];

export function p2pTransfers(ctx: BackgroundContext, budget: number): void {
  const { rng, clock, ledger } = ctx;
  const days = clock.dayTable(1.15, 2.5);
  perPerson(ctx, budget, (p) => p.weight * (p.friends.length > 0 ? 1 : 0), (p, n) => {
    for (let k = 0; k < n; k++) {
      const family = p.household.length > 1 && rng.chance(0.3);
      const other = family ? rng.pick(p.household) : rng.pick(p.friends);
      if (other === p) continue;
      let time = personTime(ctx, p, days, 'evening');
      if (time < other.activeFrom) time = personTime(ctx, other, days, 'evening');
      const day = clock.dayOf(time);
      const r = rng.next();
      let amount: number;
      if (clock.nearFestival(day, 3) && r < 0.45) amount = yuan(rng.pick(RED_ENVELOPES));
      else if (r < 0.55) amount = roundDownYuan(yuan(rng.logNormal(300, 1.1)), 10);
      else if (r < 0.85) amount = roundDownYuan(yuan(rng.logNormal(800, 1.0)), 100);
      else amount = clampInt(yuan(rng.logNormal(150, 1.2)), 1, yuan(200_000));
      const channel = r > 0.97 ? 'ecny' : rng.chance(0.88) ? 'mobile' : 'transfer';
      ledger.add({ time, from: p.acct.id, to: other.acct.id, amount, channel, ...identityOf(rng, p.acct), country: 'CN' });
      // a family or close-friend loan paid back in full some days later (A→B→A)
      if ((family || rng.chance(0.3)) && rng.chance(0.2) && k + 1 < n) {
        const loan = roundDownYuan(yuan(rng.logNormal(5_000, 0.9)), 100);
        const lent = clock.clamp(time + rng.int(5, 120) * MINUTE);
        const back = lent + rng.int(2, 25) * DAY + rng.int(-6, 6) * HOUR;
        ledger.add({ time: lent, from: p.acct.id, to: other.acct.id, amount: loan, channel: 'mobile', ...identityOf(rng, p.acct), country: 'CN' });
        if (clock.inside(back)) {
          ledger.add({ time: back, from: other.acct.id, to: p.acct.id, amount: loan, channel: rng.chance(0.8) ? 'mobile' : 'transfer', ...identityOf(rng, other.acct), country: 'CN' });
          k++;
        }
      }
    }
  });
}

export function cashMovements(ctx: BackgroundContext, budget: number): void {
  const { rng, clock, pop, ledger } = ctx;
  const days = clock.dayTable(0.7, 1.6);
  perPerson(ctx, budget, (p) => p.cashAffinity * (0.4 + 0.6 * p.weight), (p, n) => {
    for (let k = 0; k < n; k++) {
      const branch = rng.chance(0.85) ? p.branch : rng.pick(pop.branches);
      const roll = rng.next();
      let amount: number;
      if (roll < 0.004) amount = roundDownYuan(yuan(rng.int(50_000, 200_000)), 1_000); // large, reported, legitimate
      else if (roll < 0.007) amount = yuan(rng.int(450, 499) * 100); // one-off near the threshold
      else amount = Math.min(yuan(49_000), roundDownYuan(yuan(rng.logNormal(1_500, 0.95)), 100));
      const deposit = rng.chance(0.45);
      ledger.add({
        time: personTime(ctx, p, days, 'business'),
        from: deposit ? branch.id : p.acct.id,
        to: deposit ? p.acct.id : branch.id,
        amount,
        channel: deposit ? 'cash_in' : 'cash_out',
        country: 'CN',
      });
    }
  });
}
