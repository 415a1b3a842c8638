import { dirname } from 'node:path';
import type { Command } from 'commander';
import { checkListFormat, readListFile } from '../screening/lists/import.js';
import { parseAsOf, ScreeningListStore, screeningListsDir } from '../screening/lists/store.js';
import { formatCsvRow } from '../ingest/csv.js';
import { defaultConfigPath, loadScreeningConfig } from '../screening/config.js';
import { newHits, screenParties } from '../screening/parties.js';
import { Screener } from '../screening/screener.js';
import { parseStoreUrl, sideDirectory } from '../store/url.js';
import { StoreMissingError, type Stores } from '../store/stores.js';
import { addStoreOptions, openCommandStores, storeUrl, type StoreFlags } from './options.js';
import { screenIntoCases } from './screen-cases.js';

/** Where screening lists live beside a SQLite database file. */
export function screeningStoreDir(db: string): string {
  return screeningListsDir(dirname(db));
}

/** The screening lists' folder for the command's store (no store is opened for it). */
export function screeningDirOf(flags: StoreFlags): string {
  return screeningListsDir(sideDirectory(parseStoreUrl(storeUrl(flags))));
}

export interface ScreeningImportFlags extends StoreFlags {
  list: string;
  format: string;
  asOf?: string;
  /** Re-screen the stored parties against the new version and print the hits the previous one did not give. */
  screenParties?: boolean;
}

/** `lists import FILE --format ofac-sdn|un-xml|csv --list NAME [--as-of DATE]`: a new dated version of a name list. */
export async function importScreeningList(file: string, flags: ScreeningImportFlags): Promise<void> {
  const format = checkListFormat(flags.format);
  const asOf = flags.asOf ? parseAsOf(flags.asOf, '--as-of') : new Date().toISOString();
  const entries = readListFile(file, format);
  const store = new ScreeningListStore(screeningDirOf(flags));
  const previous = store.versions(flags.list).at(-1);
  const v = store.import(flags.list, entries, { asOf, format, source: file });
  process.stdout.write(`imported ${v.entries} entries into screening list ${flags.list} as version ${v.version} (in force from ${v.as_of})\n`);
  let stores: Stores;
  try {
    stores = await openCommandStores(flags, { mustExist: true });
  } catch (e) {
    if (e instanceof StoreMissingError) return void process.stdout.write('no store yet: no parties to re-screen\n');
    throw e;
  }
  try {
    // A new list version: every stored party is screened again; hits not filed before open alerts.
    if (await stores.parties.count() > 0) await screenIntoCases(stores, 'stored', process.stdout);
    if (!flags.screenParties) return;
    const threshold = loadScreeningConfig(defaultConfigPath()).threshold;
    const stored = await stores.parties.all();
    const now = screenParties(new Screener(entries, { threshold }), stored);
    const before = previous ? screenParties(new Screener(store.load(flags.list, previous.as_of).entries, { threshold }), stored) : [];
    const fresh = newHits(now, before);
    process.stdout.write(`${fresh.length} new party hits against ${flags.list} version ${v.version}\naccount,list_id,score,reasons\n`);
    for (const m of fresh) process.stdout.write(`${formatCsvRow([m.query_id, m.list_id, m.score.toFixed(4), m.reasons.join('; ')])}\n`);
  } finally {
    await stores.close();
  }
}

/** `lists versions [--list NAME]`: the dated versions of the screening lists. */
export function screeningListCommands(lists: Command): void {
  addStoreOptions(lists
    .command('versions')
    .description('dated versions of the name-screening lists (imported with --format; they live beside the store)'))
    .option('--list <name>', 'one list only')
    .action((flags: StoreFlags & { list?: string }) => {
      const store = new ScreeningListStore(screeningDirOf(flags));
      process.stdout.write('list,version,as_of,imported_at,format,entries,sha256\n');
      for (const name of flags.list ? [flags.list] : store.names()) {
        for (const v of store.versions(name)) process.stdout.write(`${name},${v.version},${v.as_of},${v.imported_at},${v.format},${v.entries},${v.sha256}\n`);
      }
    });
}
