import type { FeatureConfig } from './config.js';
import type { FeatureFamily, TransferContext } from './families/index.js';
import { CycleSearch } from './patterns/cycles.js';
import type { PatternGraph } from './patterns/context.js';
import type { ScatterGather } from './patterns/scatter-gather.js';

/** The feature families computed with the graph searches: they read the scatter-gather walk or keep only state of their own. */
const SEARCH_FAMILIES: ReadonlySet<string> = new Set(['layering', 'amount-profile']);

/**
 * The search features of a transfer: the bounded scatter-gather and cycle searches over the
 * graph as it stands at the transfer, and the families computed with them (layering, which reads
 * the same scatter-gather walk, and the amount profile). Together they are a third to a half of
 * the cost of a transfer's features, and they read nothing the other features write, so a batch
 * run can compute them on a second thread (see `split/search-feed.ts`) with the same values.
 */
export class SearchBlock {
  /** Vector positions of the search features. */
  readonly slots: Int32Array;
  private readonly searchFamily: boolean[] = [];
  private readonly familyAt: number[] = [];
  private readonly cycles: CycleSearch;

  constructor(
    private readonly config: FeatureConfig,
    pg: PatternGraph,
    kCycle: number,
    private readonly sg: ScatterGather,
    private readonly families: readonly FeatureFamily[],
    /** Offset of the pattern block (scatter-gather at 0–2, cycles at 3–4) and of the first family. */
    private readonly pattern: number,
    familiesAt: number,
  ) {
    this.cycles = new CycleSearch({ ...pg, maxVisits: config.cycleMaxVisits }, kCycle, config.cycleWindowMs, config.maxCycleLength);
    const slots: number[] = [0, 1, 2, 3, 4].map((i) => pattern + i);
    let fo = familiesAt;
    for (const f of families) {
      const search = SEARCH_FAMILIES.has(f.id);
      this.familyAt.push(fo);
      this.searchFamily.push(search);
      if (search) for (let i = 0; i < f.names.length; i++) slots.push(fo + i);
      fo += f.names.length;
    }
    this.slots = Int32Array.from(slots);
  }

  /** Whether family i (in vector order) is written here rather than with the other families. */
  isSearchFamily(i: number): boolean {
    return this.searchFamily[i];
  }

  /** Offset of family i in the vector. */
  familyOffset(i: number): number {
    return this.familyAt[i];
  }

  /**
   * Writes the search features of the transfer in `ctx` (just added to the graph) at their slots;
   * returns how many of the searches a cap cut short.
   */
  write(ctx: TransferContext, out: Float64Array): number {
    const { s, r, e, t, prevPair, prevTime } = ctx;
    const p = this.pattern;
    const sg = this.sg;
    sg.compute(s, r, e, t);
    out[p] = sg.results[0];
    out[p + 1] = sg.results[1];
    out[p + 2] = sg.results[2];
    let cut = sg.cuts[0];
    // A cycle is closed by a new link: when s already paid r inside the cycle window, the cycles
    // through r → … → s were closed then (and counted on that transfer), so the search is
    // skipped. This keeps 30-day cycle searches affordable on busy accounts that pay the same
    // counterparties again and again.
    if (prevPair === -1 || t - prevTime >= this.config.cycleWindowMs) cut += this.cycles.compute(s, r, e, t, out, p + 3);
    else {
      out[p + 3] = 0;
      out[p + 4] = 0;
    }
    const families = this.families;
    for (let i = 0; i < families.length; i++) if (this.searchFamily[i]) cut += families[i].write(ctx, out, this.familyAt[i]);
    return cut;
  }
}
