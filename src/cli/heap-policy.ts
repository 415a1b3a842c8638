import type { Command } from 'commander';
import { setFlagsFromString } from 'node:v8';

/**
 * How far (percent over the heap still live after a major collection) the V8 old generation may
 * grow before the next one, for the long-running commands (serve, demo, worker). V8's own
 * heuristic lets it grow 2–4× while collections are cheap, so a server's memory saws: in the soak
 * (5,000 req/s, about 4.5 MB/s of request objects outliving two scavenges) the heap in use went
 * from 96 MB live to 222 MB before a collection, lifting RSS by 100 MB or more for minutes. At 25 %
 * it peaks near 1.25× live; the cost is a major collection every few seconds instead of tens of
 * seconds (a 4–10 ms pause each, with incremental marking ahead of it). The V8 flag is read at each
 * collection, so setting it once the process runs takes effect (checked by a test).
 */
export const DEFAULT_HEAP_GROWTH = 25;

export interface HeapFlags {
  heapGrowth: string;
}

/** Adds `--heap-growth <percent>` to a long-running command. */
export function addHeapOption(command: Command): Command {
  return command.option('--heap-growth <percent>', 'major collection once the heap grows this much over what was live after the last (flat memory for a long-running process); 0: V8\'s own heuristic', String(DEFAULT_HEAP_GROWTH));
}

/** Parses the percentage (a whole number 0–1000) and sets V8's heap growth; 0 leaves V8's heuristic. */
export function applyHeapGrowth(text: string | number): number {
  const percent = /^\d{1,4}$/.test(String(text)) ? Number(text) : Number.NaN;
  if (!(percent >= 0 && percent <= 1000)) throw new Error(`--heap-growth must be a whole percentage 0–1000, got ${JSON.stringify(String(text))}`);
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
