import type { Command } from 'commander';
import { defaultEngineConfig, loadConfigFile, parseWindows, type EngineConfig } from '../engine/config.js';
import { DEFAULTS } from '../domain/transaction.js';
import { checkFeatureConfig } from '../features/config.js';
import { parseColumnMap, parseTimeFormat, type IngestNote, type IngestOptions } from '../ingest/index.js';

import { DEFAULT_STORE, openStores, type Stores } from '../store/open.js';

export interface StoreFlags {
  store?: string;
  /** The older spelling of --store (a SQLite file path). */
  db?: string;
}

/** `--store URL` and its alias `--db PATH`, on every command that opens the store. */
export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option('--store <url>', `the store: a file path or sqlite:PATH (embedded), or postgres://USER@HOST:PORT/DB (default: $RINGWATCH_STORE, else ${DEFAULT_STORE})`)
    .option('--db <path>', 'same as --store');
}

/** The store a command uses: --store, --db, $RINGWATCH_STORE, or the default location. */
export function storeUrl(flags: StoreFlags, fallback: string = DEFAULT_STORE, env: NodeJS.ProcessEnv = process.env): string {
  if (flags.store !== undefined && flags.db !== undefined && flags.store !== flags.db) throw new Error('give --store or --db, not both');
  return flags.store ?? flags.db ?? (env.RINGWATCH_STORE || fallback);
}

/**
 * Opens the command's stores. Commands that only read pass `mustExist`: a store that is not
 * there is refused (with its location) instead of being created empty.
 */
export function openCommandStores(flags: StoreFlags & { durability?: string }, options: { mustExist?: boolean; durability?: 'full' | 'normal' } = {}): Promise<Stores> {
  return openStores(storeUrl(flags), { mustExist: options.mustExist, durability: options.durability ?? 'full' });
}

export interface EngineFlags {
  config?: string;
  window?: string;
  rules?: string[];
  builtinRules?: boolean;
  durability?: string;
  baseCurrency?: string;
  model?: string;
}

/** Flags shared by the commands that run the engine. */
export function addEngineOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'engine configuration (JSON or YAML)')
    .option('--window <list>', 'feature windows, e.g. 1h,24h,7d,30d')
    .option('--rules <path>', 'extra rule file or folder (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--no-builtin-rules', 'do not load the built-in rule packs')
    .option('--durability <mode>', 'full (fsync each commit) or normal (survives a process crash)')
    .option('--base-currency <code>', 'currency of money features and thresholds')
    .option('--model <file>', 'trained model (ringwatch train) combined with the rules');
}

export function engineConfig(flags: EngineFlags): EngineConfig {
  let c = defaultEngineConfig();
  if (flags.config) c = loadConfigFile(flags.config, c);
  if (flags.window) c.features.windowsMs = parseWindows(flags.window);
  if (flags.rules) c.ruleFiles.push(...flags.rules);
  if (flags.builtinRules === false) c.builtinRules = false;
  if (flags.durability) {
    if (flags.durability !== 'full' && flags.durability !== 'normal') throw new Error('--durability must be full or normal');
    c.durability = flags.durability;
  }
  if (flags.baseCurrency) c.features.baseCurrency = flags.baseCurrency.toUpperCase();
  if (flags.model) c.modelFile = flags.model;
  checkFeatureConfig(c.features);
  return c;
}

export interface IngestFlags {
  format?: string;
  map?: string;
  timeFormat?: string;
  timeOrigin?: string;
}

/** Flags of the commands that read transaction files. */
export function addIngestOptions(cmd: Command): Command {
  return cmd
    .option('--format <format>', 'csv | tsv | ndjson | iso20022 (default: from the extension)')
    .option('--map <pairs>', 'field=column,... e.g. id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt')
    .option('--time-format <format>', 'iso | epoch-s | epoch-ms | days | hours (default: ISO or epoch ms)')
    .option('--time-origin <iso>', 'origin for days/hours offsets (default 1970-01-01T00:00:00Z)');
}

/** What the CLI says, once each, when the reader notes it (see `IngestNote`). */
const NOTES: Readonly<Record<IngestNote, string>> = {
  'amounts-rounded':
    `amounts with more decimal places than ${DEFAULTS.currency} has, in rows that name no currency, are rounded to its minor unit ` +
    '(half to even; map a currency column to have them checked exactly)',
  'small-epoch-ms':
    'the time column holds numbers, read as epoch milliseconds, that fall before 1973: if they are epoch seconds or day or hour ' +
    'steps, pass --time-format epoch-s, or days or hours (with --time-origin when the steps do not count from 1970)',
};

/**
 * How the CLI reads a file: the flags, and amounts whose currency the file does not name rounded
 * to the assumed currency's minor unit (a simulator's floats would otherwise refuse most rows);
 * what the reader notes is said once on stderr unless `quiet`.
 */
export function ingestOptions(flags: IngestFlags & { quiet?: boolean }): IngestOptions {
  const told = new Set<IngestNote>();
  const o: IngestOptions = {
    defaults: { ...DEFAULTS, roundUnnamedAmounts: true },
    onNote: (note) => {
      if (told.has(note) || flags.quiet) return;
      told.add(note);
      process.stderr.write(`ringwatch: ${NOTES[note]}\n`);
    },
  };
  if (flags.format) o.format = flags.format;
  if (flags.map) o.map = parseColumnMap(flags.map);
  if (flags.timeFormat) o.timeFormat = parseTimeFormat(flags.timeFormat);
  if (flags.timeOrigin) o.timeOrigin = flags.timeOrigin;
  return o;
}

/** `score` keeps nothing unless given a store (--store or --db): the decisions go to --out. */
export function openScoreStores(flags: StoreFlags, durability: 'full' | 'normal'): Promise<Stores> {
  if (flags.store !== undefined && flags.db !== undefined && flags.store !== flags.db) throw new Error('give --store or --db, not both');
  return openStores(flags.store ?? flags.db ?? 'memory:', { durability });
}
