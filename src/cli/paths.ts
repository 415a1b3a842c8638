import type { Command } from 'commander';
import { parseDuration } from '../features/config.js';
import { findPaths } from '../engine/rings.js';
import { loadGraphSource, type GraphSourceFlags } from './graph-source.js';
import { addIngestOptions, engineConfig, type EngineFlags } from './options.js';

interface PathFlags extends GraphSourceFlags {
  config?: string;
  from: string;
  to?: string;
  toList?: string;
  maxHops: string;
  k: string;
  window?: string;
  amountTolerance?: string;
  upstream?: boolean;
  json?: boolean;
}

/** `ringwatch paths`: time-respecting paths from an account to another or to any listed account. */
export function pathsCommand(program: Command): void {
  // No feature-window flags here: --window is the path search's time window.
  addIngestOptions(program.command('paths').description('time-respecting money paths from an account to a listed one (or another account)').argument('[file]', 'transactions file (default: the store)'))
    .option('--config <file>', 'engine configuration (JSON or YAML)')
    .requiredOption('--from <account>', 'where the search starts')
    .option('--to <account>', 'target account')
    .option('--to-list <name>', 'any account on this list (default: every list)')
    .option('--store <url>', 'read this store instead of a file (default without a file: $RINGWATCH_STORE, else ./ringwatch-data/ringwatch.db)')
    .option('--db <path>', 'same as --store')
    .option('--listed <file>', 'with a file: CSV of listed accounts (kind,value)')
    .option('--max-hops <n>', 'most hops', '4')
    .option('--k <n>', 'paths returned', '5')
    .option('--window <duration>', 'only transfers this recent, e.g. 30d')
    .option('--amount-tolerance <fraction>', 'each hop within ± this share of the previous hop')
    .option('--upstream', 'where the money came from, instead of where it went')
    .option('--json', 'print the subgraph as JSON')
    .action(async (file: string | undefined, flags: PathFlags) => {
      const config = engineConfig({ config: flags.config });
      const source = await loadGraphSource(file, flags, config);
      const to = flags.to !== undefined
        ? { account: flags.to }
        : { accounts: source.lists.accounts(flags.toList) };
      if (!('account' in to) && to.accounts.size === 0) throw new Error(`no listed accounts${flags.toList ? ` on ${flags.toList}` : ''}; give --to or add list entries`);
      const r = findPaths(source.log, {
        from: flags.from, to, maxHops: Number(flags.maxHops), k: Number(flags.k), maxVisited: 500_000,
        windowMs: flags.window ? parseDuration(flags.window) : undefined,
        amountTolerance: flags.amountTolerance === undefined ? undefined : Number(flags.amountTolerance),
        upstream: flags.upstream,
      });
      if (flags.json) {
        process.stdout.write(JSON.stringify({ from: r.from, paths: r.named, subgraph: r.subgraph, truncated: r.truncated, visited_edges: r.visitedEdges }, null, 1) + '\n');
        return;
      }
      process.stdout.write(`${r.named.length} path(s) from ${flags.from}; ${r.visitedEdges} edges examined${r.truncated ? ' (TRUNCATED at the visit cap)' : ''}\n`);
      for (const p of r.named) {
        const hops = p.accounts.slice(1).map((a, i) => `-[${p.transactions[i]} ${p.times[i].slice(0, 16)} ${p.amounts[i].toFixed(2)}]-> ${a}`);
        process.stdout.write(`${p.hops} hop(s): ${p.accounts[0]} ${hops.join(' ')}\n`);
      }
    });
}
