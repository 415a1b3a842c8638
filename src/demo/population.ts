/**
 * The demo bank's customers: natural persons in households with friends (a small world),
 * employers, merchants and utilities (legal persons), branch cash accounts, counterparties
 * abroad, and the devices, phones and IP addresses they use. Accounts reserved for planted
 * patterns (dormant accounts, fraud rings) are set up here too, so their history fits.
 */
import type { PartyType } from '../domain/transaction.js';
import { DAY, HOUR, type Clock } from './calendar.js';
import { accountId, carrierIp, cashAccountId, deviceId, foreignAccountId, homeIp, phoneNumber, yuan } from './ids.js';
import { cumulative, type Rng } from './prng.js';
import type { AccountKind, DemoAccount } from './types.js';

export type UtilityKind = 'electricity' | 'water' | 'gas' | 'mobile' | 'broadband' | 'property';

export interface Org {
  acct: DemoAccount;
  kind: 'employer' | 'merchant' | 'utility';
  /** Relative size: employer headcount weight, merchant popularity, business volume. */
  weight: number;
  employees: Person[];
  /** Day of month salaries are paid (0 = last day of the month). */
  payday: number;
  /** Merchants: median ticket in fen. */
  ticket: number;
  online: boolean;
  utility?: UtilityKind;
}

export interface Person {
  acct: DemoAccount;
  /** Overall activity (log-normal around 1). */
  weight: number;
  cashAffinity: number;
  /** Background activity starts here (epoch ms); later for new and reactivated accounts. */
  activeFrom: number;
  household: Person[];
  friends: Person[];
  branch: DemoAccount;
  utilities: Org[];
  employer: Org | null;
  /** Monthly salary in fen, when employed. */
  salary: number;
  /** A relative or child abroad, for legitimate cross-border transfers. */
  abroad: DemoAccount | null;
}

export interface Population {
  accounts: DemoAccount[];
  typeOf: Map<string, PartyType>;
  /** Customers with background activity (fraud-ring members included). */
  people: Person[];
  /** Reserved for dormant_burst: quiet for a long time, no background activity. */
  dormant: DemoAccount[];
  /** Reserved fraud rings: members share devices, phones and an IP address. */
  rings: Person[][];
  employers: Org[];
  merchants: Org[];
  utilities: Org[];
  branches: DemoAccount[];
  branchesByCity: Map<string, DemoAccount[]>;
  foreignPeople: DemoAccount[];
  foreignFirms: DemoAccount[];
  /** Counterparties in places laundered money often goes. */
  offshore: DemoAccount[];
  /** Devices handed out so far (fresh device ids continue from here). */
  deviceCount: number;
}

export interface Reservations {
  dormant: number;
  ringSizes: number[];
}

const CITIES: readonly string[] = ['BJ', 'SH', 'GZ', 'SZ', 'HZ', 'CD', 'WH'];
const CITY_SHARES: readonly number[] = [20, 20, 15, 15, 10, 10, 10];
const UTILITIES: ReadonlyArray<readonly [UtilityKind, number]> = [
  ['electricity', 0.9], ['water', 0.7], ['gas', 0.5], ['mobile', 0.85], ['broadband', 0.45], ['property', 0.35],
];
const MERCHANT_TICKETS: readonly number[] = [120, 80, 35, 90, 1200, 350, 300, 60, 45, 200];
const FOREIGN_PEOPLE: readonly string[] = ['US', 'GB', 'AU', 'CA', 'JP', 'SG', 'HK', 'NZ', 'DE', 'KR'];
const FOREIGN_FIRMS: readonly string[] = ['HK', 'US', 'DE', 'JP', 'KR', 'SG', 'VN', 'MY', 'GB', 'AU'];
const OFFSHORE: readonly string[] = ['HK', 'MO', 'KH', 'AE', 'VG', 'MM', 'PH', 'KY'];
const PAYDAYS: readonly number[] = [5, 10, 10, 15, 15, 20, 25, 0];

function newAccount(id: string, type: PartyType, kind: AccountKind, city: string, openedAt: number): DemoAccount {
  return { id, type, kind, city, country: kind === 'foreign' ? city : 'CN', openedAt, devices: [], phones: [], ips: [] };
}

export function buildPopulation(rng: Rng, clock: Clock, size: number, reserve: Reservations): Population {
  const start = clock.start;
  const cityWeights = cumulative(CITY_SHARES);
  let devices = 0;
  let phones = 0;
  const device = (): string => deviceId(++devices);
  const phone = (): string => phoneNumber(++phones);
  const longAgo = (minDays: number, maxDays: number): number =>
    start - rng.int(minDays, maxDays) * DAY - rng.int(0, 23) * HOUR;

  // --- kinds, spread over shuffled account numbers
  const legal = Math.max(12, Math.round(size * 0.07));
  const utilityCount = UTILITIES.length;
  const employerCount = Math.max(3, Math.round((legal - utilityCount) * 0.5));
  const merchantCount = Math.max(3, legal - utilityCount - employerCount);
  const kinds: AccountKind[] = [];
  for (let i = 0; i < utilityCount; i++) kinds.push('utility');
  for (let i = 0; i < employerCount; i++) kinds.push('employer');
  for (let i = 0; i < merchantCount; i++) kinds.push('merchant');
  while (kinds.length < size) kinds.push('person');
  const personCount = kinds.filter((k) => k === 'person').length;
  const minPeople = reserve.dormant + reserve.ringSizes.reduce((a, b) => a + b, 0) + 60;
  if (personCount < minPeople) throw new RangeError(`accounts must be at least ${size + minPeople - personCount}`);
  const numbers = rng.shuffle(Array.from({ length: kinds.length }, (_, i) => i + 1));

  const accounts: DemoAccount[] = [];
  const employers: Org[] = [];
  const merchants: Org[] = [];
  const utilities: Org[] = [];
  const personAccounts: DemoAccount[] = [];
  let utilityIndex = 0;
  kinds.forEach((kind, i) => {
    const city = CITIES[rng.weighted(cityWeights)];
    if (kind === 'person') {
      const a = newAccount(accountId(numbers[i]), 'natural', 'person', city, longAgo(30, 3650));
      personAccounts.push(a);
      accounts.push(a);
      return;
    }
    const a = newAccount(accountId(numbers[i]), 'legal', kind, city, longAgo(365, 6000));
    a.devices.push(device());
    if (rng.chance(0.4)) a.devices.push(device());
    a.phones.push(phone());
    a.ips.push(homeIp(rng));
    accounts.push(a);
    const org: Org = {
      acct: a, kind: kind as Org['kind'], weight: rng.logNormal(1, 1.2), employees: [], payday: rng.pick(PAYDAYS),
      ticket: kind === 'merchant' ? yuan(rng.pick(MERCHANT_TICKETS) * rng.logNormal(1, 0.3)) : 0,
      online: kind === 'merchant' && rng.chance(0.2),
    };
    if (kind === 'utility') {
      org.utility = UTILITIES[utilityIndex++][0];
      org.weight = 1;
      org.payday = 0;
    }
    (kind === 'employer' ? employers : kind === 'merchant' ? merchants : utilities).push(org);
  });

  // --- branch cash pseudo-accounts and foreign counterparties
  const branches: DemoAccount[] = [];
  const branchesByCity = new Map<string, DemoAccount[]>();
  for (const city of CITIES) {
    const list: DemoAccount[] = [];
    const n = city === 'BJ' || city === 'SH' ? 3 : 2;
    for (let b = 1; b <= n; b++) list.push(newAccount(cashAccountId(city, b), 'legal', 'cash', city, longAgo(3000, 8000)));
    branchesByCity.set(city, list);
    branches.push(...list);
  }
  const foreign = (countries: readonly string[], count: number, type: PartyType, from: number): DemoAccount[] =>
    Array.from({ length: count }, (_, i) =>
      newAccount(foreignAccountId(countries[i % countries.length], from + i), type, 'foreign', countries[i % countries.length], longAgo(100, 4000)));
  const foreignPeople = foreign(FOREIGN_PEOPLE, Math.max(10, Math.round(personCount * 0.03)), 'natural', 1);
  const foreignFirms = foreign(FOREIGN_FIRMS, Math.max(10, Math.round(size * 0.004)), 'legal', 5001);
  const offshore = foreign(OFFSHORE, Math.max(8, Math.round(size * 0.003)), 'legal', 8001);
  accounts.push(...branches, ...foreignPeople, ...foreignFirms, ...offshore);

  // --- reserved accounts: dormant ones and fraud rings
  rng.shuffle(personAccounts);
  let cursor = 0;
  const dormant: DemoAccount[] = [];
  for (let i = 0; i < reserve.dormant; i++) {
    const a = personAccounts[cursor++];
    a.openedAt = longAgo(900, 4000);
    a.lastActiveAt = longAgo(100, 420);
    a.devices.push(device());
    a.phones.push(phone());
    a.ips.push(homeIp(rng));
    dormant.push(a);
  }
  const ringAccounts: DemoAccount[][] = reserve.ringSizes.map((n) => personAccounts.slice(cursor, (cursor += n)));

  // --- people: activity, households, friends
  const people: Person[] = [];
  const active = personAccounts.slice(reserve.dormant);
  for (const a of active) {
    let activeFrom = start;
    const roll = rng.next();
    if (roll < 0.03) {
      a.openedAt = start + rng.int(0, Math.max(0, clock.days - 7)) * DAY + rng.int(8, 18) * HOUR;
      activeFrom = a.openedAt;
    } else if (roll < 0.036) {
      // legitimately reactivated (hard negative for dormancy): quiet for months, back mid-period
      a.lastActiveAt = longAgo(100, 500);
      activeFrom = start + rng.int(Math.floor(clock.days / 4), Math.floor((clock.days * 3) / 4)) * DAY;
    }
    const branchList = branchesByCity.get(a.city) ?? branches;
    people.push({
      acct: a, weight: rng.logNormal(1, 0.75), cashAffinity: rng.logNormal(1, 0.9), activeFrom,
      household: [], friends: [], branch: rng.pick(branchList), utilities: [], employer: null, salary: 0, abroad: null,
    });
  }
  const byAccount = new Map(people.map((p) => [p.acct, p] as const));
  const rings = ringAccounts.map((list) => list.map((a) => byAccount.get(a) as Person));

  // order by city (shuffled within) so households and most friends are local
  const order = people.slice();
  rng.shuffle(order);
  order.sort((x, y) => (x.acct.city < y.acct.city ? -1 : x.acct.city > y.acct.city ? 1 : 0));
  const inRing = new Set(rings.flat());
  let i = 0;
  while (i < order.length) {
    const r = rng.next();
    const n = Math.min(order.length - i, r < 0.25 ? 1 : r < 0.6 ? 2 : r < 0.85 ? 3 : 4);
    const members = order.slice(i, i + n);
    i += n;
    const ip = homeIp(rng);
    const shared = n > 1 && rng.chance(0.12) ? device() : null;
    for (const p of members) {
      p.household = members;
      if (inRing.has(p)) continue;
      p.acct.devices.push(device());
      if (rng.chance(0.3)) p.acct.devices.push(device());
      if (shared) p.acct.devices.push(shared);
      p.acct.phones.push(phone());
      if (rng.chance(0.05)) p.acct.phones.push(phone());
      p.acct.ips.push(ip);
    }
  }
  const link = (a: Person, b: Person): void => {
    if (a === b || a.friends.includes(b)) return;
    a.friends.push(b);
    b.friends.push(a);
  };
  for (let k = 0; k < order.length; k++) {
    for (let j = 1; j <= 3; j++) {
      const other = rng.chance(0.1) ? rng.pick(order) : order[(k + j) % order.length];
      link(order[k], other);
    }
  }

  // fraud rings: shared devices, phones and one flat; opened recently; they know each other
  for (const ring of rings) {
    const sharedDevices = [device(), ...(rng.chance(0.5) ? [device()] : [])];
    const sharedPhones = [phone(), ...(rng.chance(0.4) ? [phone()] : [])];
    const flat = carrierIp(rng);
    for (const p of ring) {
      p.acct.openedAt = start - rng.int(3, 45) * DAY - rng.int(0, 23) * HOUR;
      p.acct.devices.push(...sharedDevices);
      if (rng.chance(0.4)) p.acct.devices.push(device());
      p.acct.phones.push(rng.pick(sharedPhones));
      p.acct.ips.push(flat);
      for (const q of ring) link(p, q);
    }
  }

  // --- jobs, bills, relatives abroad
  const jobOrgs = [...employers, ...merchants];
  const jobTable = cumulative(jobOrgs.map((o) => (o.kind === 'employer' ? o.weight : 0.3 * o.weight)));
  for (const p of people) {
    if (rng.chance(0.62)) {
      const org = jobOrgs[rng.weighted(jobTable)];
      p.employer = org;
      p.salary = yuan(Math.min(80_000, Math.max(2_500, rng.logNormal(8_000, 0.45))));
      org.employees.push(p);
    }
    for (const [kind, share] of UTILITIES) {
      if (rng.chance(share)) p.utilities.push(utilities.find((u) => u.utility === kind) as Org);
    }
    if (rng.chance(0.04)) p.abroad = rng.pick(foreignPeople);
  }

  const typeOf = new Map<string, PartyType>();
  for (const a of accounts) typeOf.set(a.id, a.type);
  return {
    accounts, typeOf, people, dormant, rings, employers, merchants, utilities, branches, branchesByCity,
    foreignPeople, foreignFirms, offshore, deviceCount: devices,
  };
}

/** The device, IP and phone a customer uses to start a digital transaction. */
export function identityOf(rng: Rng, a: DemoAccount): { device?: string; ip?: string; phone?: string } {
  const devices = a.devices;
  const device = devices.length === 0 ? undefined : devices.length === 1 || rng.chance(0.8) ? devices[0] : rng.pick(devices);
  const ip = a.ips.length > 0 && rng.chance(0.65) ? a.ips[0] : carrierIp(rng);
  const phone = a.phones.length > 0 ? a.phones[0] : undefined;
  return { device, ip, phone };
}
