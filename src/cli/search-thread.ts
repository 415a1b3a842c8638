import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { FeatureConfig } from '../features/config.js';
import { SearchFeed } from '../features/split/search-feed.js';

/** A file smaller than this is scored on one thread without starting the worker (a few thousand rows). */
const MIN_SPLIT_BYTES = 256 << 10;

/**
 * The search worker of a batch command over `file` (see SearchFeed), started now so that it loads
 * its modules while the file is read; undefined when it cannot pay off: standard input or a file
 * under 256 KiB, a single core, or RINGWATCH_SEARCH_THREAD=0 (the features are the same either way).
 * The caller closes it, and gives it its rows with `beginIfWorthIt`.
 */
export function startSearchFeed(config: FeatureConfig, file: string, env: NodeJS.ProcessEnv = process.env): SearchFeed | undefined {
  if (availableParallelism() < 2 || env.RINGWATCH_SEARCH_THREAD === '0') return undefined;
  if (file === '-' || statSync(file).size < MIN_SPLIT_BYTES) return undefined;
  return new SearchFeed(config);
}
