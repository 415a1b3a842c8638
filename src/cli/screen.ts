import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { formatCsvRow } from '../ingest/csv.js';
import { readTable } from '../ingest/table.js';
import { calibrate } from '../screening/calibrate.js';
import { defaultConfigPath, loadScreeningConfig, saveScreeningConfig } from '../screening/config.js';
import type { ScreenEntry, ScreenMatch } from '../screening/entry.js';
import { readListCsv, readQueryCsv } from '../screening/list-file.js';
import { Screener } from '../screening/screener.js';
import { parseAsOf, ScreeningListStore } from '../screening/lists/store.js';
import { addStoreOptions, type StoreFlags } from './options.js';
import { screeningDirOf } from './screen-lists.js';

interface ScreenFlags extends StoreFlags {
  list?: string[];
  stored?: string[];
  asOf?: string;
  out?: string;
  threshold?: string;
  screeningConfig: string;
  calibrate?: string;
  targetRecall: string;
  save?: boolean;
}

function readTruth(path: string): Map<string, string[]> {
  const truth = new Map<string, string[]>();
  for (const { line, values } of readTable(path, ['query_id', 'list_id'])) {
    if (!values.query_id) throw new Error(`${path}: line ${line}: query_id is empty`);
    truth.set(values.query_id, (values.list_id ?? '').split('|').filter((s) => s !== ''));
  }
  return truth;
}

function parseUnit(text: string, name: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new Error(`${name} must be a number in [0, 1], got ${JSON.stringify(text)}`);
  return v;
}

/**
 * `ringwatch screen QUERIES.csv --list A.csv [--list B.csv] --out matches.csv`: name screening of
 * `query_id,name,country,dob` rows against lists in our CSV format; writes
 * `query_id,list_id,score,reasons` rows at or above the configured threshold.
 * `--calibrate TRUTH.csv` reports precision/recall over thresholds and picks one for a target recall.
 */
export function screenCommand(program: Command): void {
  addStoreOptions(program
    .command('screen'))
    .description('screen names against sanctions lists and blacklists (Latin, Han and romanised Chinese)')
    .argument('<queries>', 'CSV with query_id,name[,country,dob,id_no]')
    .option('--list <file>', 'list CSV list_id,name,kind,aliases,country,dob,source,id_no (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--stored <name>', 'an imported screening list (ringwatch lists import --format), repeatable', (v: string, acc: string[] = []) => [...acc, v])
    .option('--as-of <date>', 'with --stored: the list versions in force at this date (replay)')
    .option('--out <file>', 'matches CSV (default: standard output)')
    .option('--threshold <score>', 'report matches at or above this score (default: from the screening config)')
    .option('--screening-config <file>', 'screening configuration JSON', defaultConfigPath())
    .option('--calibrate <truth>', 'truth CSV (query_id,list_id): report precision/recall over thresholds')
    .option('--target-recall <r>', 'with --calibrate: pick the highest threshold reaching this pair recall', '0.95')
    .option('--save', 'with --calibrate: write the chosen threshold to the screening config')
    .action(async (queriesPath: string, flags: ScreenFlags) => {
      const config = loadScreeningConfig(flags.screeningConfig);
      const threshold = flags.threshold !== undefined ? parseUnit(flags.threshold, '--threshold') : config.threshold;
      if (!flags.list?.length && !flags.stored?.length) throw new Error('name at least one --list file or --stored list');
      const entries: ScreenEntry[] = (flags.list ?? []).flatMap((p) => readListCsv(p));
      if (flags.stored?.length) {
        const store = new ScreeningListStore(screeningDirOf(flags));
        const asOf = flags.asOf ? parseAsOf(flags.asOf, '--as-of') : undefined;
        for (const name of flags.stored) {
          const { version, entries: es } = store.load(name, asOf);
          process.stderr.write(`list ${name}: version ${version.version} (in force from ${version.as_of}), ${es.length} entries\n`);
          entries.push(...es);
        }
      }
      const queries = readQueryCsv(queriesPath);
      const started = Date.now();
      const screener = new Screener(entries, { threshold });
      const built = Date.now();
      const floor = flags.calibrate ? 0.5 : threshold;
      const matches: ScreenMatch[] = [];
      for (const q of queries) matches.push(...screener.screen(q, floor));
      const done = Date.now();
      process.stderr.write(`screened ${queries.length} queries against ${entries.length} entries: index ${built - started} ms, screening ${done - built} ms\n`);
      if (flags.calibrate) {
        const target = parseUnit(flags.targetRecall, '--target-recall');
        const c = calibrate(matches, readTruth(flags.calibrate), target);
        process.stdout.write('threshold,precision,recall,f1,negative_false_alarm\n');
        for (const r of c.rows) process.stdout.write(`${r.threshold.toFixed(2)},${r.precision.toFixed(4)},${r.recall.toFixed(4)},${r.f1.toFixed(4)},${r.negativeFalseAlarm.toFixed(4)}\n`);
        process.stdout.write(`best F1 ${c.bestF1.f1.toFixed(4)} at ${c.bestF1.threshold.toFixed(2)}; chosen for recall >= ${target}: ${c.chosen.threshold.toFixed(2)} (precision ${c.chosen.precision.toFixed(4)}, recall ${c.chosen.recall.toFixed(4)})\n`);
        if (flags.save) {
          saveScreeningConfig(flags.screeningConfig, { threshold: c.chosen.threshold });
          process.stdout.write(`threshold ${c.chosen.threshold.toFixed(2)} saved to ${flags.screeningConfig}\n`);
        }
        if (!flags.out) return;
      }
      const rows = matches.filter((m) => m.score >= threshold);
      const out = flags.out ? createWriteStream(flags.out) : process.stdout;
      out.write('query_id,list_id,score,reasons\n');
      for (const m of rows) out.write(`${formatCsvRow([m.query_id, m.list_id, m.score.toFixed(4), m.reasons.join('; ')])}\n`);
      if (flags.out) await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((e?: Error | null) => (e ? reject(e) : resolve())));
    });
}
