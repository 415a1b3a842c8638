/** Reading our list CSV format and query CSV files into screening records. */
import { readTable } from '../ingest/table.js';
import type { ScreenEntry, ScreenQuery } from './entry.js';

export const LIST_COLUMNS = ['list_id', 'name', 'kind', 'aliases', 'country', 'dob', 'source', 'id_no'] as const;
export const QUERY_COLUMNS = ['query_id', 'name', 'country', 'dob', 'id_no'] as const;

/** Reads a list in our CSV format (`list_id,name,kind,aliases,country,dob,source,id_no`). */
export function readListCsv(path: string): ScreenEntry[] {
  return readTable(path, LIST_COLUMNS).map(({ line, values: v }) => {
    if (!v.list_id) throw new Error(`${path}: line ${line}: list_id is empty`);
    if (!v.name) throw new Error(`${path}: line ${line}: name is empty`);
    return {
      list_id: v.list_id, name: v.name, kind: v.kind ?? 'person', aliases: (v.aliases ?? '').split('|').map((a) => a.trim()).filter((a) => a !== ''),
      country: (v.country ?? '').toUpperCase(), dob: v.dob ?? '', source: v.source ?? '', id_no: v.id_no ?? '',
    };
  });
}

/** Reads queries (`query_id,name[,country,dob,id_no]`). */
export function readQueryCsv(path: string): ScreenQuery[] {
  return readTable(path, QUERY_COLUMNS).map(({ line, values: v }) => {
    if (!v.query_id) throw new Error(`${path}: line ${line}: query_id is empty`);
    if (!v.name) throw new Error(`${path}: line ${line}: name is empty`);
    return { query_id: v.query_id, name: v.name, country: v.country, dob: v.dob, id_no: v.id_no };
  });
}
