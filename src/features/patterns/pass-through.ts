import type { WindowAggregates } from '../windows.js';

/**
 * Pass-through (layering) ratio: min(in, out) / max(in, out) of an account's inflow and outflow
 * in one window. Near 1 when what came in went out again (a transit or mule account), 0 when
 * either side is empty. Both sums include the current transaction, so for the receiver the
 * inflow it just got counts, and for the sender the outflow it just made.
 */
export function passThrough(account: number, k: number, outW: WindowAggregates, inW: WindowAggregates): number {
  const i = account * outW.stride + k;
  const a = inW.sum(i);
  const b = outW.sum(i);
  if (!(a > 0 && b > 0)) return 0;
  return a < b ? a / b : b / a;
}
