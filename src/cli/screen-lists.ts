import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { checkListFormat, readListFile } from '../screening/lists/import.js';
import { parseAsOf, ScreeningListStore } from '../screening/lists/store.js';
import { formatCsvRow } from '../ingest/csv.js';
import { defaultConfigPath, loadScreeningConfig } from '../screening/config.js';
import { newHits, screenParties } from '../screening/parties.js';
import { Screener } from '../screening/screener.js';
import { SqlitePartyStore } from '../store/sqlite-parties.js';

/** Where screening lists live beside the store database. */
export function screeningStoreDir(db: string): string {
  return join(dirname(db), 'screening-lists');
}

export interface ScreeningImportFlags {
  db: string;
  list: string;
  format: string;
  asOf?: string;
  /** Re-screen the stored parties against the new version and print the hits the previous one did not give. */
  screenParties?: boolean;
}

/** `lists import FILE --format ofac-sdn|un-xml|csv --list NAME [--as-of DATE]`: a new dated version of a name list. */
export function importScreeningList(file: string, flags: ScreeningImportFlags): void {
  const format = checkListFormat(flags.format);
  const asOf = flags.asOf ? parseAsOf(flags.asOf, '--as-of') : new Date().toISOString();
  const entries = readListFile(file, format);
  const store = new ScreeningListStore(screeningStoreDir(flags.db));
  const previous = store.versions(flags.list).at(-1);
  const v = store.import(flags.list, entries, { asOf, format, source: file });
  process.stdout.write(`imported ${v.entries} entries into screening list ${flags.list} as version ${v.version} (in force from ${v.as_of})\n`);
  if (!flags.screenParties) return;
  const threshold = loadScreeningConfig(defaultConfigPath()).threshold;
  const parties = new SqlitePartyStore(flags.db);
  try {
    const now = screenParties(new Screener(entries, { threshold }), parties.all());
    const before = previous ? screenParties(new Screener(store.load(flags.list, previous.as_of).entries, { threshold }), parties.all()) : [];
    const fresh = newHits(now, before);
    process.stdout.write(`${fresh.length} new party hits against ${flags.list} version ${v.version}\naccount,list_id,score,reasons\n`);
    for (const m of fresh) process.stdout.write(`${formatCsvRow([m.query_id, m.list_id, m.score.toFixed(4), m.reasons.join('; ')])}\n`);
  } finally {
    parties.close();
  }
}

/** `lists versions [--list NAME]`: the dated versions of the screening lists. */
export function screeningListCommands(lists: Command, defaultDb: string): void {
  lists
    .command('versions')
    .description('dated versions of the name-screening lists (imported with --format)')
    .option('--db <path>', 'SQLite database (screening lists live beside it)', defaultDb)
    .option('--list <name>', 'one list only')
    .action((flags: { db: string; list?: string }) => {
      const store = new ScreeningListStore(screeningStoreDir(flags.db));
      process.stdout.write('list,version,as_of,imported_at,format,entries,sha256\n');
      for (const name of flags.list ? [flags.list] : store.names()) {
        for (const v of store.versions(name)) process.stdout.write(`${name},${v.version},${v.as_of},${v.imported_at},${v.format},${v.entries},${v.sha256}\n`);
      }
    });
}
