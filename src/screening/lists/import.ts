/** Reads a list file in a named format into entries: ofac-sdn (CSV triple), un-xml, csv (ours). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ScreenEntry } from '../entry.js';
import { readListCsv } from '../list-file.js';
import { parseOfacSdn } from './ofac.js';
import { parseUnConsolidated } from './un-xml.js';

export const LIST_FORMATS = ['ofac-sdn', 'un-xml', 'csv'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export function checkListFormat(format: string): ListFormat {
  if (!(LIST_FORMATS as readonly string[]).includes(format)) throw new Error(`--format must be one of ${LIST_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  return format as ListFormat;
}

/**
 * Reads `path` in `format`. For ofac-sdn, `path` is sdn.csv or the folder holding it; alt.csv and
 * add.csv are read from the same folder when present.
 */
export function readListFile(path: string, format: ListFormat): ScreenEntry[] {
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  if (format === 'csv') return readListCsv(path);
  if (format === 'un-xml') {
    try {
      return parseUnConsolidated(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`${path}: ${(e as Error).message}`);
    }
  }
  const sdn = statSync(path).isDirectory() ? join(path, 'sdn.csv') : path;
  if (!existsSync(sdn)) throw new Error(`${sdn}: no such file`);
  const dir = dirname(sdn);
  const side = (name: string): string => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '');
  const entries = parseOfacSdn(readFileSync(sdn, 'utf8'), side('alt.csv'), side('add.csv'));
  if (entries.length === 0) throw new Error(`${basename(sdn)}: no SDN rows (expected ent_num,SDN_Name,SDN_Type,… without a header)`);
  return entries;
}
