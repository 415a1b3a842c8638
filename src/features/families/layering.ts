import { windowLabel } from '../config.js';
import type { ScatterGather } from '../patterns/scatter-gather.js';
import type { FeatureFamily, TransferContext } from './family.js';

export function layeringNames(windowsMs: readonly number[]): string[] {
  return windowsMs.flatMap((w) => {
    const l = windowLabel(w);
    return [`sg_paths_${l}`, `sg_intermediates_${l}`, `sg_source_intermediates_${l}`, `gs_hub_${l}`];
  });
}

/**
 * Layering over the horizons real laundering takes (days to weeks), per window W:
 * - `sg_paths_W`, `sg_intermediates_W`, `sg_source_intermediates_W`: scatter-gather as in the
 *   pattern window's family (two-hop time-respecting paths payer → x → payee, equal times
 *   allowed), over W;
 * - `gs_hub_W`: gather-scatter at the payer, the smaller of its distinct payers and distinct
 *   payees in W (a hub that collected from many and now pays out to many).
 * Super-nodes in the longest window are skipped (`LONG_WINDOW` bit) and counted as truncated.
 * The scatter-gather figures come from the extractor's one walk over all its windows: window
 * j + 1 of `scatter` is this family's window j.
 */
export class Layering implements FeatureFamily {
  readonly id = 'layering';
  readonly names: readonly string[];
  private readonly k: number[];

  constructor(
    private readonly windowsMs: readonly number[],
    aggregateWindows: readonly number[],
    private readonly scatter: ScatterGather,
  ) {
    this.names = layeringNames(windowsMs);
    this.k = windowsMs.map((w) => aggregateWindows.indexOf(w));
    if (this.k.some((k) => k < 0)) throw new Error('layering: its windows must be aggregate windows');
  }

  /** The scatter-gather search's state is sized by the extractor that owns it. */
  ensureAccounts(): void {}

  write(c: TransferContext, out: Float64Array, o: number): number {
    let cut = 0;
    const base = c.s * c.outW.stride;
    const sg = this.scatter;
    sg.compute(c.s, c.r, c.e, c.t);
    for (let j = 0; j < this.k.length; j++) {
      const p = o + 4 * j;
      out[p] = sg.results[3 * (j + 1)];
      out[p + 1] = sg.results[3 * (j + 1) + 1];
      out[p + 2] = sg.results[3 * (j + 1) + 2];
      cut += sg.cuts[j + 1];
      out[p + 3] = Math.min(c.inW.uniq(base + this.k[j]), c.outW.uniq(base + this.k[j]));
    }
    return cut;
  }
}
