import type { Command } from 'commander';
import { LIST_KINDS, validateListEntry, type ListEntry, type ListEvent, type ListKind } from '../domain/list.js';
import { publishListChange } from '../stream/list-changes.js';
import { checkStreamName, connectNats, ensureStream } from '../stream/nats.js';
import { csvCell } from '../domain/csv-cell.js';

type ListEntryInput = Omit<ListEntry, 'added_at'>;
import { describeErrors } from '../domain/transaction.js';
import { openEngine } from '../engine/runtime.js';
import { readTable } from '../ingest/table.js';
import { addEngineOptions, addStoreOptions, engineConfig, openCommandStores, type EngineFlags, type StoreFlags } from './options.js';
import { importScreeningList, screeningListCommands } from './screen-lists.js';

interface ListFlags extends EngineFlags, StoreFlags {
  list: string;
  reason?: string;
  source?: string;
  nats?: string;
  stream?: string;
}

/**
 * With `--nats`: the change is published on the stream (workers apply it at its place in the
 * stream's order and record it in their store) instead of written to a store here.
 */
async function throughStream(flags: ListFlags, change: Pick<ListEvent, 'op' | 'entry'>): Promise<number | undefined> {
  if (flags.nats === undefined) {
    if (flags.stream !== undefined) throw new Error('--stream needs --nats');
    return undefined;
  }
  const stream = checkStreamName(flags.stream ?? 'ringwatch');
  const nc = await connectNats(flags.nats, 'ringwatch-lists');
  try {
    await ensureStream(await nc.jetstreamManager(), stream);
    return await publishListChange(nc.jetstream(), stream, change);
  } finally {
    await nc.drain().catch(() => nc.close());
  }
}

const withStreamOptions = (c: Command): Command =>
  c
    .option('--nats <url>', 'publish the change on a NATS JetStream stream (the workers apply it in order) instead of writing a store')
    .option('--stream <name>', 'with --nats: the stream (default ringwatch)');

/** Opens the store with its engine state (lists apply in order with the transaction log). */
async function withLists<T>(flags: ListFlags, work: (lists: Awaited<ReturnType<typeof openEngine>>['lists']) => Promise<T>, mustExist = false): Promise<T> {
  const config = engineConfig(flags);
  const stores = await openCommandStores(flags, { mustExist, durability: config.durability });
  try {
    const { lists } = await openEngine(config, stores.transactions);
    return await work(lists);
  } finally {
    await stores.close();
  }
}

function checkKind(kind: string): ListKind {
  if (!(LIST_KINDS as readonly string[]).includes(kind)) throw new Error(`kind must be one of ${LIST_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  return kind as ListKind;
}

/**
 * `ringwatch lists add|remove|show|import`: blacklists and watchlists in the store. A running
 * server reads the lists at start; change them live through the API (/v1/lists).
 */
export function listsCommand(program: Command): void {
  const lists = program.command('lists').description('blacklists and watchlists of accounts, parties and identifiers');
  const common = (c: Command): Command =>
    addEngineOptions(addStoreOptions(c).option('--list <name>', 'list name', 'blacklist'));

  withStreamOptions(common(lists.command('add').argument('<kind>', LIST_KINDS.join('|')).argument('<value>')))
    .option('--reason <text>', 'why it is listed')
    .option('--source <text>', 'where the listing comes from', 'manual')
    .description('add an entry')
    .action(async (kind: string, value: string, flags: ListFlags) => {
      const v = validateListEntry({ kind, value, reason: flags.reason, source: flags.source }, flags.list);
      if (!v.ok) throw new Error(describeErrors(v.errors));
      const seq = await throughStream(flags, { op: 'add', entry: { ...v.entry, added_at: new Date().toISOString() } });
      if (seq !== undefined) return void process.stdout.write(`published: add ${kind} ${value} to ${v.entry.list} at stream sequence ${seq}\n`);
      const added = await withLists(flags, (l) => l.add(v.entry));
      process.stdout.write(added ? `added ${kind} ${value} to ${v.entry.list}\n` : `${v.entry.list} already holds ${kind} ${value}\n`);
    });

  withStreamOptions(common(lists.command('remove').argument('<kind>', LIST_KINDS.join('|')).argument('<value>')))
    .description('remove an entry')
    .action(async (kind: string, value: string, flags: ListFlags) => {
      const v = validateListEntry({ kind, value }, flags.list);
      if (!v.ok) throw new Error(describeErrors(v.errors));
      const seq = await throughStream(flags, { op: 'remove', entry: { ...v.entry, added_at: new Date().toISOString() } });
      if (seq !== undefined) return void process.stdout.write(`published: remove ${kind} ${value} from ${v.entry.list} at stream sequence ${seq}\n`);
      const removed = await withLists(flags, (l) => l.remove(flags.list, checkKind(kind), value), true);
      if (!removed) throw new Error(`${flags.list} does not hold ${kind} ${value}`);
      process.stdout.write(`removed ${kind} ${value} from ${flags.list}\n`);
    });

  common(lists.command('show'))
    .option('--all', 'every list')
    .description('print entries as CSV: list,kind,value,reason,source,added_at')
    .action(async (flags: ListFlags & { all?: boolean }) => {
      const rows = await withLists(flags, async (l) => l.lists.show(flags.all ? undefined : flags.list), true);
      const q = (s: string): string => csvCell(s);
      process.stdout.write('list,kind,value,reason,source,added_at\n');
      for (const e of rows) process.stdout.write([e.list, e.kind, e.value, e.reason, e.source, e.added_at].map(q).join(',') + '\n');
    });

  common(lists.command('import').argument('<file>', 'CSV or NDJSON with kind,value[,reason,source]; with --format a name list'))
    .option('--reason <text>', 'reason for rows without one')
    .option('--source <text>', 'source for rows without one', 'import')
    .option('--format <format>', 'a name-screening list: ofac-sdn (sdn.csv + alt.csv + add.csv), un-xml, csv (list_id,name,kind,aliases,country,dob,source,id_no)')
    .option('--as-of <date>', 'with --format: the date the imported version is in force from (default now)')
    .option('--screen-parties', 'with --format: re-screen the stored parties and print the hits the previous version did not give')
    .description('import entries; every row is checked first and nothing is added if any is bad')
    .action(async (file: string, flags: ListFlags & { format?: string; asOf?: string; screenParties?: boolean }) => {
      if (flags.format) return importScreeningList(file, { ...flags, list: flags.list, format: flags.format, asOf: flags.asOf, screenParties: flags.screenParties });
      const entries: ListEntryInput[] = [];
      const problems: string[] = [];
      for (const row of readTable(file, ['kind', 'value', 'reason', 'source'])) {
        const r = row.values;
        const v = validateListEntry({ kind: r.kind, value: r.value, reason: r.reason ?? flags.reason, source: r.source ?? flags.source }, flags.list);
        if (v.ok) entries.push(v.entry);
        else problems.push(`line ${row.line}: ${describeErrors(v.errors)}`);
      }
      if (problems.length) throw new Error(`nothing imported:\n${problems.slice(0, 20).join('\n')}`);
      const added = await withLists(flags, async (l) => {
        let n = 0;
        for (const e of entries) if (await l.add(e)) n++;
        return n;
      });
      process.stdout.write(`imported ${added} entries into ${flags.list} (${entries.length - added} already there)\n`);
    });

  screeningListCommands(lists);
}
