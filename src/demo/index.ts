/** The seeded demo data generator: a synthetic bank with planted, labelled suspicious activity. */
export { generateBank, DEFAULT_START, DEFAULT_ACCOUNTS, DEFAULT_DAYS, DEFAULT_TARGET } from './generator.js';
export { writeCsv, csvRow, CSV_COLUMNS } from './csv.js';
export { Rng } from './prng.js';
export { PATTERNS } from './types.js';
export type {
  AccountKind, Bank, BankOptions, DemoAccount, Listed, PatternLabel, PatternName, PlantedInstance,
} from './types.js';
