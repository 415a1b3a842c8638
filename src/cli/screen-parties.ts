import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { formatCsvRow } from '../ingest/csv.js';
import { defaultConfigPath, loadScreeningConfig } from '../screening/config.js';
import type { ScreenEntry, ScreenMatch } from '../screening/entry.js';
import { parseAsOf, ScreeningListStore } from '../screening/lists/store.js';
import { newHits, screenParties } from '../screening/parties.js';
import { Screener } from '../screening/screener.js';
import { addStoreOptions, openCommandStores, type StoreFlags } from './options.js';
import { screeningDirOf } from './screen-lists.js';

interface Flags extends StoreFlags {
  stored?: string[];
  asOf?: string;
  newSince?: string;
  threshold?: string;
  out?: string;
}

/**
 * `ringwatch parties screen`: every party in the store against the stored name lists (all of them
 * unless --stored names some), as of a date; with --new-since DATE only the hits that the list
 * versions in force on that date did not give (a re-screen after a list update).
 */
export function screenPartiesCommand(parties: Command): void {
  addStoreOptions(parties
    .command('screen')
    .description('screen the stored parties against the imported name lists (re-screen after a list update with --new-since)'))
    .option('--stored <name>', 'a stored name list (repeatable; default every one)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--as-of <date>', 'the list versions in force at this date (default now)')
    .option('--new-since <date>', 'only hits the versions in force at this date did not give')
    .option('--threshold <score>', 'default: the screening config')
    .option('--out <file>', 'CSV account,list_id,score,reasons (default: standard output)')
    .action(async (flags: Flags) => {
      const threshold = flags.threshold !== undefined ? Number(flags.threshold) : loadScreeningConfig(defaultConfigPath()).threshold;
      if (!(threshold >= 0 && threshold <= 1)) throw new Error(`--threshold must be a number in [0, 1], got ${JSON.stringify(flags.threshold)}`);
      const lists = new ScreeningListStore(screeningDirOf(flags));
      const names = flags.stored?.length ? flags.stored : lists.names();
      if (names.length === 0) throw new Error('no name lists imported (ringwatch lists import FILE --format …)');
      const load = (asOf: string | undefined): ScreenEntry[] =>
        names.flatMap((n) => (lists.versionAt(n, asOf) ? lists.load(n, asOf).entries : []));
      const asOf = flags.asOf ? parseAsOf(flags.asOf, '--as-of') : undefined;
      const stores = await openCommandStores(flags, { mustExist: true });
      let hits: ScreenMatch[];
      try {
        const parties = await stores.parties.all();
        hits = screenParties(new Screener(load(asOf), { threshold }), parties);
        if (flags.newSince) {
          const before = load(parseAsOf(flags.newSince, '--new-since'));
          hits = newHits(hits, before.length ? screenParties(new Screener(before, { threshold }), parties) : []);
        }
      } finally {
        await stores.close();
      }
      const out = flags.out ? createWriteStream(flags.out) : process.stdout;
      out.write('account,list_id,score,reasons\n');
      for (const m of hits) out.write(`${formatCsvRow([m.query_id, m.list_id, m.score.toFixed(4), m.reasons.join('; ')])}\n`);
      if (flags.out) await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((e?: Error | null) => (e ? reject(e) : resolve())));
      process.stderr.write(`${hits.length} ${flags.newSince ? 'new ' : ''}hits\n`);
    });
}
