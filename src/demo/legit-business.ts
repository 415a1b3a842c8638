/**
 * Legitimate business background: monthly payroll (employer fan-out, with the year-end bonus
 * before Spring Festival), transfers between legal persons (a few very large), cross-border
 * remittances and trade, and large one-off moves of customers back from a quiet spell.
 */
import { DAY, HOUR, MINUTE } from './calendar.js';
import { clampInt, roundDownYuan, yuan } from './ids.js';
import type { BackgroundContext } from './legit-retail.js';
import { identityOf, type Org } from './population.js';
import { cumulative } from './prng.js';
import type { DemoAccount } from './types.js';

/** Day indexes (inside the period) on which `org` pays salaries. */
function paydays(ctx: BackgroundContext, org: Org): number[] {
  const { clock } = ctx;
  const out: number[] = [];
  const first = clock.local(0);
  const last = clock.local(clock.days - 1);
  let y = first.year;
  let m = first.month;
  while (y < last.year || (y === last.year && m <= last.month)) {
    const day = org.payday === 0 ? new Date(Date.UTC(y, m + 1, 0)).getUTCDate() : org.payday;
    let idx = clock.indexOf(y, m, day);
    const weekday = new Date(Date.UTC(y, m, day)).getUTCDay();
    if (weekday === 6) idx -= 1;
    else if (weekday === 0) idx -= 2;
    if (idx >= 0 && idx < clock.days) out.push(idx);
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return out;
}

/** How many salary payments payroll would make in full. */
export function payrollSize(ctx: BackgroundContext): number {
  let n = 0;
  for (const org of [...ctx.pop.employers, ...ctx.pop.merchants]) n += org.employees.length * paydays(ctx, org).length;
  return n;
}

/**
 * Pays salaries in one batch per employer and payday. `share` (0..1) of employees are paid
 * here; the rest are treated as paid into other banks. Returns the number of payments.
 */
export function payroll(ctx: BackgroundContext, share: number): number {
  const { rng, clock, pop, ledger } = ctx;
  const before = ledger.size;
  for (const org of [...pop.employers, ...pop.merchants]) {
    if (org.employees.length === 0) continue;
    const paid = org.employees.filter(() => rng.chance(share));
    const bonusPaid = rng.chance(0.7);
    for (const d of paydays(ctx, org)) {
      const bonusMonth = bonusPaid && clock.festivals.some((f) => f - d > 0 && f - d <= 35);
      let t = clock.dayStart(d) + rng.int(8, 10) * HOUR + rng.int(0, 59) * MINUTE;
      for (const p of paid) {
        t += rng.int(1, 20) * 1000;
        if (t < p.activeFrom || !clock.inside(t)) continue;
        let amount = p.salary;
        if (rng.chance(0.3)) amount = Math.round(amount * rng.float(0.95, 1.08));
        if (bonusMonth && rng.chance(0.6)) amount += roundDownYuan(Math.round(p.salary * rng.float(0.5, 3)), 100);
        ledger.add({
          time: t, from: org.acct.id, to: p.acct.id, amount, channel: 'transfer',
          device: org.acct.devices[0], ip: org.acct.ips[0], country: 'CN',
        });
      }
    }
  }
  return ledger.size - before;
}

/** Supplier payments and other legal-person transfers; about 0.6% are very large. */
export function businessTransfers(ctx: BackgroundContext, budget: number): void {
  const { rng, clock, pop, ledger } = ctx;
  const orgs = [...pop.employers, ...pop.merchants];
  const table = cumulative(orgs.map((o) => o.weight));
  const days = clock.dayTable(0.12);
  for (let k = 0; k < budget; k++) {
    const payer = orgs[rng.weighted(table)];
    let payee: Org = rng.chance(0.08) ? rng.pick(pop.utilities) : orgs[rng.weighted(table)];
    if (payee === payer) payee = rng.pick(orgs.filter((o) => o !== payer));
    const large = rng.chance(0.006);
    const amount = large
      ? roundDownYuan(yuan(rng.int(1_000_000, 30_000_000)), 1_000)
      : clampInt(yuan(rng.logNormal(60_000, 1.1)), yuan(500), yuan(5_000_000));
    ledger.add({
      time: clock.timeOn(rng, clock.dayFrom(rng, days), 'business'), from: payer.acct.id, to: payee.acct.id, amount,
      channel: 'transfer', device: rng.pick(payer.acct.devices), ip: payer.acct.ips[0], country: 'CN',
    });
  }
}

/** Tuition and family support abroad, remittances home, imports and exports. */
export function crossBorder(ctx: BackgroundContext, budget: number): void {
  const { rng, clock, pop, ledger } = ctx;
  const withFamily = pop.people.filter((p) => p.abroad);
  const senders = withFamily.length > 0 ? withFamily : pop.people;
  const orgs = [...pop.employers, ...pop.merchants];
  const table = cumulative(orgs.map((o) => o.weight));
  const days = clock.dayTable(0.6);
  const bizDays = clock.dayTable(0.1);
  for (let k = 0; k < budget; k++) {
    const roll = rng.next();
    if (roll < 0.7) {
      const p = rng.pick(senders);
      const abroad: DemoAccount = p.abroad ?? rng.pick(pop.foreignPeople);
      const d = clock.dayFrom(rng, days, clock.dayOf(p.activeFrom));
      const t = Math.max(clock.timeOn(rng, d, 'retail'), p.activeFrom);
      if (roll < 0.5) {
        const amount = Math.min(yuan(360_000), roundDownYuan(yuan(rng.logNormal(25_000, 0.9)), 100));
        ledger.add({ time: t, from: p.acct.id, to: abroad.id, amount, channel: 'cross_border', ...identityOf(rng, p.acct), country: abroad.country });
      } else {
        const amount = clampInt(yuan(rng.logNormal(6_000, 1.0)), yuan(100), yuan(300_000));
        ledger.add({ time: t, from: abroad.id, to: p.acct.id, amount, channel: 'cross_border', country: abroad.country });
      }
    } else {
      const org = orgs[rng.weighted(table)];
      const firm = rng.pick(pop.foreignFirms);
      const amount = clampInt(yuan(rng.logNormal(200_000, 1.1)), yuan(5_000), yuan(20_000_000));
      const t = clock.timeOn(rng, clock.dayFrom(rng, bizDays), 'business');
      if (rng.chance(0.6)) {
        ledger.add({ time: t, from: org.acct.id, to: firm.id, amount, channel: 'cross_border', device: org.acct.devices[0], ip: org.acct.ips[0], country: firm.country });
      } else {
        ledger.add({ time: t, from: firm.id, to: org.acct.id, amount, channel: 'cross_border', country: firm.country });
      }
    }
  }
}

/**
 * Customers back after a long quiet spell sometimes move large sums legitimately (a flat sold,
 * a car bought): hard negatives for dormancy rules. Returns the number of transactions.
 */
export function reactivationMoves(ctx: BackgroundContext): number {
  const { rng, clock, pop, ledger } = ctx;
  const before = ledger.size;
  const back = pop.people.filter((p) => p.acct.lastActiveAt !== undefined && p.activeFrom > clock.start);
  const orgs = [...pop.employers, ...pop.merchants];
  for (const p of back) {
    if (!rng.chance(0.5)) continue;
    const t = clock.clamp(p.activeFrom + rng.int(1, 5) * DAY + rng.int(9, 16) * HOUR);
    const amount = roundDownYuan(yuan(rng.int(200_000, 2_000_000)), 1_000);
    const payer = rng.pick(orgs);
    ledger.add({ time: t, from: payer.acct.id, to: p.acct.id, amount, channel: 'transfer', device: payer.acct.devices[0], ip: payer.acct.ips[0], country: 'CN' });
    const spend = clock.clamp(t + rng.int(2, 10) * DAY);
    if (spend > t && rng.chance(0.6)) {
      const seller = rng.pick(pop.merchants);
      const part = roundDownYuan(Math.round(amount * rng.float(0.3, 0.8)), 1_000);
      ledger.add({ time: spend, from: p.acct.id, to: seller.acct.id, amount: part, channel: 'transfer', ...identityOf(rng, p.acct), country: 'CN' });
    }
  }
  return ledger.size - before;
}
