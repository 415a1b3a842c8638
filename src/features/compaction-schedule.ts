/**
 * The graph is not compacted below this many edges: a compaction's fixed cost (a pass over the
 * accounts) stays small next to the edges it runs for. Only cost depends on it, never a feature.
 */
export const MIN_COMPACTION_EDGES = 1 << 16;

/**
 * When the extractor compacts its transfer graph (see FeatureExtractor.compact). Due once the
 * graph has doubled since the last compaction — amortised O(1) per edge — or once it has grown by
 * half, when the next edge would otherwise double the edge arrays: in a steady state (windows
 * turning over) the graph then stays in the arrays it has, instead of moving into arrays twice the
 * size whenever the top of its sawtooth first crosses a power of two (a step of tens of MB in a
 * long-running server's memory, seen in the 30-minute soak). Only cost and memory depend on it,
 * never a feature.
 */
export class CompactionSchedule {
  private at = MIN_COMPACTION_EDGES;
  private live = 0;
  /** Compactions run so far. */
  count = 0;

  /** Whether to compact before adding an edge to a graph of `edges` live edges whose arrays hold `capacity`. */
  due(edges: number, capacity: number): boolean {
    return edges >= this.at || (edges >= capacity && edges >= MIN_COMPACTION_EDGES && 2 * edges >= 3 * this.live);
  }

  /** A compaction left `edges` live edges; `accounts` bounds its fixed cost. */
  done(edges: number, accounts: number): void {
    this.count++;
    this.live = edges;
    this.at = Math.max(MIN_COMPACTION_EDGES, 2 * edges, accounts);
  }
}
