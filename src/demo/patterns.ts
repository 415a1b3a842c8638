/**
 * Plans and plants the suspicious instances: how many of each pattern for the bank's size,
 * which accounts they need reserved, and the blacklist drawn from what was planted.
 */
import { InstanceBuilder, fitIntoPeriod, type PatternContext } from './instance.js';
import type { Ledger } from './ledger.js';
import { dormantBurst, fraudRing, muleChain, structuring } from './patterns-fraud.js';
import {
  bipartite, cycle, fanIn, fanOut, gatherScatter, randomWalk, scatterGather, stack, type PatternBuilder,
} from './patterns-layering.js';
import type { Rng } from './prng.js';
import { PATTERNS, type Listed, type PatternName, type PlantedInstance } from './types.js';

const BUILDERS: Readonly<Record<PatternName, PatternBuilder>> = {
  fan_out: fanOut,
  fan_in: fanIn,
  scatter_gather: scatterGather,
  gather_scatter: gatherScatter,
  cycle,
  random_walk: randomWalk,
  bipartite,
  stack,
  structuring,
  dormant_burst: dormantBurst,
  mule_chain: muleChain,
  fraud_ring: fraudRing,
};

/** Instances per pattern for the default size (200,000 transactions); 40 in all. */
const BASE_COUNTS: Readonly<Record<PatternName, number>> = {
  fan_out: 4, fan_in: 4, scatter_gather: 4, gather_scatter: 3, cycle: 4, random_walk: 3,
  bipartite: 3, stack: 3, structuring: 4, dormant_burst: 2, mule_chain: 4, fraud_ring: 2,
};

export interface PatternPlan {
  counts: Record<PatternName, number>;
  /** Members of each fraud ring, to reserve in the population. */
  ringSizes: number[];
}

/** Scales the instance counts with the target size; every pattern gets at least one instance. */
export function planPatterns(rng: Rng, targetTransactions: number): PatternPlan {
  const scale = targetTransactions / 200_000;
  const counts = {} as Record<PatternName, number>;
  for (const p of PATTERNS) counts[p] = Math.max(1, Math.round(BASE_COUNTS[p] * scale));
  const ringSizes = Array.from({ length: counts.fraud_ring }, () => rng.int(4, 8));
  return { counts, ringSizes };
}

export function instanceId(pattern: PatternName, n: number): string {
  return `${pattern}-${String(n).padStart(4, '0')}`;
}

/** Plants every planned instance into the ledger, labelled, and picks the blacklist. */
export function plantPatterns(ctx: PatternContext, plan: PatternPlan, ledger: Ledger): { instances: PlantedInstance[]; listed: Listed } {
  const instances: PlantedInstance[] = [];
  const roles: Array<{ pattern: PatternName; roles: Array<[string, string]> }> = [];
  const kind = new Map(ctx.pop.accounts.map((a) => [a.id, a.kind]));
  const customer = (id: string): boolean => kind.get(id) !== 'cash' && kind.get(id) !== 'foreign' && kind.has(id);
  for (const pattern of PATTERNS) {
    for (let n = 0; n < plan.counts[pattern]; n++) {
      const instance = instanceId(pattern, n + 1);
      const b = new InstanceBuilder(ctx);
      BUILDERS[pattern](ctx, b, n);
      fitIntoPeriod(b.drafts, ctx.clock);
      const label = { pattern, instance };
      for (const d of b.drafts) ledger.add(d, label);
      instances.push({
        instance, pattern, accounts: b.accounts, members: b.accounts.filter(customer), transactions: b.drafts.length,
        start: b.drafts[0].time, end: b.drafts[b.drafts.length - 1].time,
      });
      roles.push({ pattern, roles: b.roles });
    }
  }
  return { instances, listed: pickListed(ctx, roles) };
}

/**
 * A small blacklist as a bank would hold it: some known mules, a fraud ring's device and phone,
 * an offshore beneficiary, and a few stale entries that point at nothing suspicious any more.
 */
function pickListed(ctx: PatternContext, planted: Array<{ pattern: PatternName; roles: Array<[string, string]> }>): Listed {
  const { rng, pop } = ctx;
  const accounts: string[] = [];
  const devices: string[] = [];
  const phones: string[] = [];
  const mules = planted.filter((x) => x.pattern === 'mule_chain');
  mules.forEach((x, i) => {
    const mule = x.roles.find(([r]) => r === 'mule');
    if (mule && (i % 2 === 0 || mules.length === 1)) accounts.push(mule[1]);
  });
  const ring = pop.rings[0];
  if (ring && ring.length > 0) {
    accounts.push(ring[0].acct.id);
    devices.push(ring[0].acct.devices[0]);
    phones.push(ring[0].acct.phones[0]);
  }
  accounts.push(rng.pick(pop.offshore).id);
  for (const p of ctx.take(2)) accounts.push(p.acct.id);
  const stale = ctx.take(1)[0];
  devices.push(stale.acct.devices[stale.acct.devices.length - 1]);
  phones.push(stale.acct.phones[0]);
  const dedupe = (xs: string[]): string[] => [...new Set(xs)];
  return { accounts: dedupe(accounts), devices: dedupe(devices), phones: dedupe(phones) };
}
