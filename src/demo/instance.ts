/**
 * Building blocks for planted instances: the context they draw accounts and times from, a
 * builder that records an instance's transactions, and the fitting of an instance into the period.
 */
import { DAY, HOUR, MINUTE, type Clock, type Rhythm } from './calendar.js';
import { carrierIp, deviceId, roundDownYuan, yuan } from './ids.js';
import { identityOf, type Person, type Population } from './population.js';
import type { Rng } from './prng.js';
import type { DemoAccount, Draft } from './types.js';

export interface PatternContext {
  rng: Rng;
  clock: Clock;
  pop: Population;
  /** `n` distinct customers for roles in an instance, preferring ones no instance used yet. */
  take(n: number): Person[];
  /** A device id nobody has used yet. */
  newDevice(): string;
}

export interface Identity {
  device?: string;
  ip?: string;
  phone?: string;
}

/** Creates the context; its account pool and device counter live in the returned object. */
export function createPatternContext(rng: Rng, clock: Clock, pop: Population): PatternContext {
  const rings = new Set(pop.rings.flat());
  const eligible = pop.people.filter((p) => !rings.has(p) && p.activeFrom <= clock.start);
  const pool = rng.shuffle(eligible.slice());
  let cursor = 0;
  let devices = pop.deviceCount;
  return {
    rng, clock, pop,
    take(n: number): Person[] {
      const out: Person[] = [];
      const seen = new Set<Person>();
      let guard = 0;
      while (out.length < n && guard++ < n * 4 + pool.length) {
        if (cursor >= pool.length) {
          rng.shuffle(pool);
          cursor = 0;
        }
        const p = pool[cursor++];
        if (!seen.has(p)) {
          seen.add(p);
          out.push(p);
        }
      }
      return out;
    },
    newDevice: () => deviceId(++devices),
  };
}

/** Records one instance's transactions and the accounts it touches. */
export class InstanceBuilder {
  readonly drafts: Draft[] = [];
  readonly accounts: string[] = [];
  /** Accounts in notable roles (e.g. `mule`), for the blacklist. */
  readonly roles: Array<[role: string, account: string]> = [];
  private readonly seen = new Set<string>();
  private readonly ctx: PatternContext;

  constructor(ctx: PatternContext) {
    this.ctx = ctx;
  }

  private touch(id: string): void {
    if (!this.seen.has(id)) {
      this.seen.add(id);
      this.accounts.push(id);
    }
  }

  private push(d: Draft): void {
    this.touch(d.from);
    this.touch(d.to);
    this.drafts.push(d);
  }

  role(role: string, a: DemoAccount): void {
    this.roles.push([role, a.id]);
  }

  /** A digital transfer started by `from` (its device, IP and phone unless `id` is given). */
  send(from: DemoAccount, to: DemoAccount, amount: number, time: number, id?: Identity, channel?: string): void {
    const { rng } = this.ctx;
    const who = id ?? (from.type === 'legal' ? { device: from.devices[0], ip: from.ips[0] } : identityOf(rng, from));
    const ch = channel ?? (from.type === 'legal' || rng.chance(0.35) ? 'transfer' : 'mobile');
    this.push({ time, from: from.id, to: to.id, amount, channel: ch, ...who, country: 'CN' });
  }

  /** Money arriving from abroad. */
  fromAbroad(from: DemoAccount, to: DemoAccount, amount: number, time: number): void {
    this.push({ time, from: from.id, to: to.id, amount, channel: 'cross_border', country: from.country });
  }

  /** Money sent abroad by `from`. */
  toAbroad(from: DemoAccount, to: DemoAccount, amount: number, time: number, id?: Identity): void {
    const who = id ?? (from.type === 'legal' ? { device: from.devices[0], ip: from.ips[0] } : identityOf(this.ctx.rng, from));
    this.push({ time, from: from.id, to: to.id, amount, channel: 'cross_border', ...who, country: to.country });
  }

  cashIn(branch: DemoAccount, to: DemoAccount, amount: number, time: number): void {
    this.push({ time, from: branch.id, to: to.id, amount, channel: 'cash_in', country: 'CN' });
  }

  cashOut(from: DemoAccount, branch: DemoAccount, amount: number, time: number): void {
    this.push({ time, from: from.id, to: branch.id, amount, channel: 'cash_out', country: 'CN' });
  }

  /** Moves money out of the system: abroad, as cash, or to a fresh account. */
  exit(from: DemoAccount, amount: number, time: number, id?: Identity): void {
    const { rng, pop } = this.ctx;
    const r = rng.next();
    if (r < 0.4) this.toAbroad(from, rng.pick(pop.offshore), amount, time, id);
    else if (r < 0.65 && amount < yuan(50_000)) this.cashOut(from, this.branchNear(from), roundDownYuan(amount, 100), time);
    else this.send(from, this.ctx.take(1)[0].acct, amount, time, id);
  }

  /** Funds an account with dirty money: from abroad, from a shell company, or from a person. */
  fund(to: DemoAccount, amount: number, time: number): void {
    const { rng, pop } = this.ctx;
    const r = rng.next();
    if (r < 0.4) this.fromAbroad(rng.pick(pop.offshore), to, amount, time);
    else if (r < 0.7) {
      const shells = pop.employers.filter((o) => o.employees.length <= 3);
      const shell = rng.pick(shells.length > 0 ? shells : pop.employers).acct;
      this.send(shell, to, amount, time);
    } else this.send(this.ctx.take(1)[0].acct, to, amount, time);
  }

  branchNear(a: DemoAccount): DemoAccount {
    const { rng, pop } = this.ctx;
    const local = pop.branchesByCity.get(a.city);
    return local && rng.chance(0.8) ? rng.pick(local) : rng.pick(pop.branches);
  }

  /** A fresh identity (new phone or emulator, mobile network): account takeover, rented accounts. */
  freshIdentity(a: DemoAccount): Identity {
    return { device: this.ctx.newDevice(), ip: carrierIp(this.ctx.rng), phone: a.phones[0] };
  }
}

/** A start time leaving about `spanDays` days before the end, not before day `minDay`. */
export function startTime(ctx: PatternContext, spanDays: number, rhythm: Rhythm = 'business', minDay = 0): number {
  const { clock, rng } = ctx;
  const last = Math.max(0, clock.days - 1 - Math.ceil(spanDays));
  const first = Math.min(Math.max(0, minDay), clock.days - 1);
  return clock.timeOn(rng, rng.int(first, Math.max(first, last)), rhythm);
}

/** A delay between dependent steps: minutes to hours when fast, hours to days when slow. */
export function delay(rng: Rng, fast: boolean): number {
  return fast ? rng.int(3, 150) * MINUTE + rng.int(0, 59_999) : rng.int(2, 60) * HOUR + rng.int(0, 3_599_999);
}

/** An amount in fen from a log-normal in yuan, clamped; often rounded as launderers do. */
export function dirtyAmount(rng: Rng, median: number, sigma: number, lo: number, hi: number): number {
  const x = Math.min(hi, Math.max(lo, rng.logNormal(median, sigma)));
  const r = rng.next();
  if (r < 0.45) return roundDownYuan(yuan(x), 100);
  if (r < 0.6) return roundDownYuan(yuan(x), 1_000) - yuan(rng.int(1, 9) * 10);
  return yuan(x);
}

/** Splits `total` fen into `k` positive parts, each rounded to `step` yuan but the last. */
export function split(rng: Rng, total: number, k: number, step = 10): number[] {
  if (k <= 1) return [total];
  const w = Array.from({ length: k }, () => 0.4 + rng.next());
  const sum = w.reduce((a, b) => a + b, 0);
  const unit = step * 100;
  const parts = w.map((x) => Math.max(unit, Math.floor((total * x) / sum / unit) * unit));
  const rest = total - parts.slice(0, -1).reduce((a, b) => a + b, 0);
  parts[k - 1] = Math.max(unit, rest);
  return parts;
}

/**
 * Sorts an instance's drafts by time and moves them (whole days where possible) into the
 * period; an instance longer than the period is compressed, keeping the order of its steps.
 */
export function fitIntoPeriod(drafts: Draft[], clock: Clock): void {
  if (drafts.length === 0) return;
  drafts.sort((a, b) => a.time - b.time);
  const min = drafts[0].time;
  const max = drafts[drafts.length - 1].time;
  const window = clock.end - clock.start;
  if (min >= clock.start && max < clock.end) return;
  if (max - min >= window - 1) {
    const scale = (window - 2) / (max - min);
    for (const d of drafts) d.time = clock.start + Math.floor((d.time - min) * scale);
    return;
  }
  let shift = 0;
  if (max >= clock.end) {
    shift = -Math.ceil((max - clock.end + 1) / DAY) * DAY;
    if (min + shift < clock.start) shift = clock.start - min;
  } else {
    shift = Math.ceil((clock.start - min) / DAY) * DAY;
    if (max + shift >= clock.end) shift = clock.start - min;
  }
  for (const d of drafts) d.time += shift;
}
