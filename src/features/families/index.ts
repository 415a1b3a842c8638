import type { FeatureConfig } from '../config.js';
import type { ScatterGather } from '../patterns/scatter-gather.js';
import { AmountProfile, amountProfileNames } from './amount-profile.js';
import { FanNovelty, fanNoveltyNames } from './fan-novelty.js';
import type { FeatureFamily } from './family.js';
import { Layering, layeringNames } from './layering.js';
import { NEW_LINK_CYCLE_NAMES, NewLinkCycles } from './new-link-cycles.js';
import { PAIR_HISTORY_NAMES, PairHistory } from './pair-history.js';
import { PAYMENT_FACT_NAMES, PaymentFacts } from './payment-facts.js';

export type { FeatureFamily, TransferContext } from './family.js';
export { RULE_ONLY_FEATURES } from './family.js';

/**
 * The feature families after the core blocks, in vector order. Adding a family means a module
 * in this folder and one line here; the catalog derives names and offsets from the list.
 * `scatter` is the extractor's scatter-gather search, whose windows after the first are the
 * layering windows.
 */
export function createFamilies(config: FeatureConfig, aggregateWindows: readonly number[], scatter: ScatterGather): FeatureFamily[] {
  const pairs = new PairHistory();
  const longest = Math.max(...config.windowsMs, ...config.layeringWindowsMs);
  return [
    pairs,
    new FanNovelty(config.fanWindowsMs, aggregateWindows, longest),
    new AmountProfile(config.sameAmountWindowsMs, aggregateWindows, config.patternMaxDegree, config.dayOffsetMs),
    new Layering(config.layeringWindowsMs, aggregateWindows, scatter),
    new PaymentFacts(),
    new NewLinkCycles(config.cycleWindowMs, config.maxCycleLength, config.newLinkCycleMaxVisits),
  ];
}

/** The families' feature names in vector order (what `createFamilies` would lay out), without state. */
export function familyFeatureNames(config: FeatureConfig): string[] {
  return [
    ...PAIR_HISTORY_NAMES,
    ...fanNoveltyNames(config.fanWindowsMs),
    ...amountProfileNames(config.sameAmountWindowsMs),
    ...layeringNames(config.layeringWindowsMs),
    ...PAYMENT_FACT_NAMES,
    ...NEW_LINK_CYCLE_NAMES,
  ];
}
