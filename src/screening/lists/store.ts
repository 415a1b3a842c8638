/**
 * Dated versions of screening lists in a folder: `<root>/<list>/manifest.json` and one CSV per
 * version (our list format). Each import is a new version effective from its as-of time, so a
 * screening can be replayed with the lists as they stood on a date. Files are written whole and
 * renamed into place; nothing is changed when an import fails.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCsvRow } from '../../ingest/csv.js';
import type { ScreenEntry } from '../entry.js';
import { readListCsv } from '../list-file.js';

export interface ListVersion {
  version: number;
  /** ISO time from which this version is in force. */
  as_of: string;
  imported_at: string;
  format: string;
  source: string;
  entries: number;
  sha256: string;
  file: string;
}

/** Where screening lists live beside the store (`dir`, see Stores.dir). */
export function screeningListsDir(dir: string): string {
  return join(dir, 'screening-lists');
}

const LIST_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

function checkName(name: string): void {
  if (!LIST_NAME.test(name)) throw new Error(`list name must be lower-case letters, digits, _ . - (at most 64), got ${JSON.stringify(name)}`);
}

/** Parses an as-of date or time; throws naming the flag. */
export function parseAsOf(text: string, field = 'as_of'): string {
  const t = text.trim();
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : t);
  if (!/^\d{4}-\d{2}-\d{2}/.test(t) || Number.isNaN(d.getTime())) throw new Error(`${field} must be an ISO date or time, got ${JSON.stringify(text)}`);
  return d.toISOString();
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export class ScreeningListStore {
  constructor(private readonly root: string) {}

  private manifestPath(name: string): string {
    return join(this.root, name, 'manifest.json');
  }

  /** The list names held. */
  names(): string[] {
    if (!existsSync(this.root)) return [];
    return (readdirNames(this.root)).filter((n) => existsSync(this.manifestPath(n))).sort();
  }

  versions(name: string): ListVersion[] {
    checkName(name);
    const p = this.manifestPath(name);
    if (!existsSync(p)) return [];
    return JSON.parse(readFileSync(p, 'utf8')) as ListVersion[];
  }

  /** Stores entries as a new version of `name`, in force from `asOf`. */
  import(name: string, entries: readonly ScreenEntry[], meta: { asOf: string; format: string; source: string; now?: Date }): ListVersion {
    checkName(name);
    if (entries.length === 0) throw new Error('nothing to import: the file holds no entries');
    const seen = new Set<string>();
    for (const e of entries) {
      if (seen.has(e.list_id)) throw new Error(`list_id ${e.list_id} appears twice`);
      seen.add(e.list_id);
    }
    const dir = join(this.root, name);
    mkdirSync(dir, { recursive: true });
    const versions = this.versions(name);
    const version = (versions[versions.length - 1]?.version ?? 0) + 1;
    const header = 'list_id,name,kind,aliases,country,dob,source,id_no\n';
    const body = entries.map((e) => formatCsvRow([e.list_id, e.name, e.kind, e.aliases.join('|'), e.country, e.dob, e.source, e.id_no])).join('\n');
    const text = `${header}${body}\n`;
    const file = `v${String(version).padStart(5, '0')}.csv`;
    writeAtomic(join(dir, file), text);
    const v: ListVersion = {
      version, as_of: meta.asOf, imported_at: (meta.now ?? new Date()).toISOString(), format: meta.format, source: meta.source,
      entries: entries.length, sha256: createHash('sha256').update(text).digest('hex'), file,
    };
    writeAtomic(this.manifestPath(name), `${JSON.stringify([...versions, v], null, 2)}\n`);
    return v;
  }

  /** The version in force at `asOf` (latest as-of not after it; ties go to the later import), or the newest. */
  versionAt(name: string, asOf?: string): ListVersion | undefined {
    const vs = this.versions(name);
    if (asOf === undefined) return vs.reduce<ListVersion | undefined>((a, b) => (!a || b.as_of >= a.as_of ? b : a), undefined);
    let best: ListVersion | undefined;
    for (const v of vs) if (v.as_of <= asOf && (!best || v.as_of >= best.as_of)) best = v;
    return best;
  }

  /** Entries of the version in force at `asOf`; throws when the list has none then. */
  load(name: string, asOf?: string): { version: ListVersion; entries: ScreenEntry[] } {
    const v = this.versionAt(name, asOf);
    if (!v) throw new Error(asOf ? `list ${name} has no version in force at ${asOf}` : `list ${name} does not exist`);
    const path = join(this.root, name, v.file);
    const text = readFileSync(path, 'utf8');
    if (createHash('sha256').update(text).digest('hex') !== v.sha256) throw new Error(`${path}: contents changed since import (checksum mismatch)`);
    return { version: v, entries: readListCsv(path) };
  }
}

function readdirNames(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
}
