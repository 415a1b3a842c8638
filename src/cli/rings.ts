import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { csvCell } from '../domain/csv-cell.js';
import { findRings, RING_ALGORITHMS, type GraphRingAlgorithm, type RingAlgorithm, type RingReport } from '../engine/rings.js';
import { GangCollector, supervisedReview } from '../engine/gangs.js';
import { DEFAULT_GANG_OPTIONS } from '../analytics/index.js';
import { loadGraphSource, type GraphSourceFlags } from './graph-source.js';
import { addEngineOptions, addIngestOptions, engineConfig, type EngineFlags } from './options.js';
import { Watchlists } from '../engine/watchlists.js';

interface RingFlags extends EngineFlags, GraphSourceFlags {
  algorithm: string;
  out?: string;
  top: string;
  minSize: string;
  seed: string;
  strongTransfer?: string;
  evidenceScore?: string;
}

const csvField = (s: string): string => csvCell(s);

/** `--evidence-score`, checked: the score from which an unalerted transfer is weak gang evidence. */
function evidenceScore(flag: string | undefined): { minScore?: number } {
  if (flag === undefined) return {};
  const x = Number(flag);
  if (!(x >= 0 && x <= 1)) throw new Error(`--evidence-score must be a probability from 0 to 1, got ${JSON.stringify(flag)}`);
  return { minScore: x };
}

/**
 * `ringwatch rings`: gangs (by default: rings grown from the transfers the engine flags, with
 * `--model` when given) or communities of the whole graph, with a risk score and its reasons.
 */
export function ringsCommand(program: Command): void {
  addEngineOptions(addIngestOptions(program.command('rings').description('find fraud rings: communities with risk and reasons').argument('[file]', 'transactions file (default: the store)')))
    .option('--store <url>', 'read this store instead of a file (default without a file: $RINGWATCH_STORE, else ./ringwatch-data/ringwatch.db)')
    .option('--db <path>', 'same as --store')
    .option('--listed <file>', 'with a file: CSV of listed accounts (kind,value)')
    .option('--algorithm <name>', `${RING_ALGORITHMS.join(' | ')} (gangs: rings grown from flagged transfers; the others partition the whole graph, for exploration)`, 'gangs')
    .option('--min-size <n>', 'smallest ring', '3')
    .option('--top <n>', 'rings printed', '20')
    .option('--seed <n>', 'Leiden/Louvain seed', '1')
    .option('--strong-transfer <weight>', 'components: also join accounts whose transfers weigh this much (count + ¼·log1p(amount))')
    .option('--evidence-score <p>', 'gangs: a transfer scored at least this is weak evidence even when not alerted (default: 2/3 of the model\'s review threshold; alerts only without --model)')
    .option('--out <file>', 'write all rings (.json, or CSV: ring,size,risk,members,reasons)')
    .action(async (file: string | undefined, flags: RingFlags) => {
      if (!RING_ALGORITHMS.includes(flags.algorithm as RingAlgorithm)) throw new Error(`--algorithm must be one of ${RING_ALGORITHMS.join(', ')}`);
      const config = engineConfig(flags);
      const algorithm = flags.algorithm as RingAlgorithm;
      const lists = new Watchlists();
      const gangs = algorithm === 'gangs'
        ? new GangCollector(config.features, { minSize: Number(flags.minSize), review: supervisedReview(config.modelFile), ...evidenceScore(flags.evidenceScore) }, (a) => lists.isListed('account', a))
        : undefined;
      let report: RingReport;
      let searchThread = false;
      if (gangs) {
        const source = await loadGraphSource(file, flags, config, { onDecision: (tx, d) => gangs.add(tx, d), lists });
        searchThread = source.searchThread ?? false;
        report = gangs.report(source.lists.accounts());
      } else {
        const source = await loadGraphSource(file, flags, config);
        searchThread = source.searchThread ?? false;
        report = findRings(source.log, {
          algorithm: algorithm as GraphRingAlgorithm, listed: source.lists.accounts(), alerted: source.alerted, minSize: Number(flags.minSize), seed: Number(flags.seed),
          strongTransferWeight: flags.strongTransfer === undefined ? undefined : Number(flags.strongTransfer),
        });
      }
      const reasonText = (r: (typeof report.rings)[number]): string => r.reasons.filter((x) => x.value > 0).map((x) => `${x.name}=${Math.round(x.value * 1000) / 1000}`).join(';');
      if (flags.out) {
        if (flags.out.endsWith('.json')) writeFileSync(flags.out, JSON.stringify(report, null, 1));
        else writeFileSync(flags.out, 'ring,size,risk,members,reasons\n' + report.rings.map((r) => [r.ring, r.size, r.risk.toFixed(4), csvField(r.members.join(' ')), csvField(reasonText(r))].join(',')).join('\n') + '\n');
      }
      const out = process.stdout;
      const pairs = report.rings.filter((r) => r.size < Number(flags.minSize)).length;
      const size = `of ≥ ${flags.minSize}${pairs ? ` (and ${pairs} of two accounts with evidence worth ${DEFAULT_GANG_OPTIONS.pairMass} alerts or more)` : ''}`;
      out.write(`${report.algorithm}: ${report.rings.length} rings ${size} among ${report.accounts} accounts, ${report.transfers} transfers` +
        `${report.modularity === undefined ? '' : `, modularity ${report.modularity.toFixed(4)}`} (${report.seconds.toFixed(2)} s${searchThread ? ', search features on a second thread' : ''})\n`);
      for (const r of report.rings.slice(0, Number(flags.top))) {
        out.write(`${r.ring}  risk ${r.risk.toFixed(3)}  size ${r.size}  ${reasonText(r)}  members ${r.members.slice(0, 8).join(' ')}${r.size > 8 ? ' …' : ''}\n`);
      }
    });
}
