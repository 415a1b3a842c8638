/**
 * `ringwatch score FILE --format iso20022`: ISO 20022 messages in order — NDJSON of Tazama-dialect
 * JSON messages (the type from TxTp or the root member; `-` for standard input), or a folder of XML files (by name) —
 * through the same validation, chaining and scoring as the HTTP routes.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { formatReasons, type Verdict } from '../domain/decision.js';
import { PaymentService, type PaymentResult } from '../engine/iso20022/service.js';
import { Pipeline } from '../engine/pipeline.js';
import { buildScorer, openEngine } from '../engine/runtime.js';
import { storedCounterparties } from './counterparties.js';
import {
  detectMessageType, parseXmlMessage, toPaymentMessage, validateMessage, type FieldError, type MessageType,
} from '../ingest/iso20022/index.js';
import { engineConfig, openScoreStores, type EngineFlags, type StoreFlags } from './options.js';

export interface IsoScoreFlags extends EngineFlags, StoreFlags {
  out?: string;
  db?: string;
  quiet?: boolean;
}

/** One input message: where it came from and its JSON-dialect body, or why it could not be read. */
interface Input {
  where: string;
  /** XML is standard ISO 20022; NDJSON is Tazama's dialect. */
  xml?: boolean;
  type?: MessageType;
  body?: unknown;
  errors?: FieldError[];
}

const SHOWN = 20;

function* readInputs(path: string): Generator<Input> {
  if (path !== '-' && !existsSync(path)) throw new Error(`${path}: no such file or folder`);
  if (path !== '-' && statSync(path).isDirectory()) {
    const files = readdirSync(path).filter((f) => f.toLowerCase().endsWith('.xml')).sort();
    for (const f of files) {
      const x = parseXmlMessage(readFileSync(join(path, f), 'utf8'));
      yield x.ok ? { where: f, xml: true, type: x.type, body: x.message } : { where: f, errors: x.errors };
    }
    return;
  }
  const lines = readFileSync(path === '-' ? 0 : path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const where = `line ${i + 1}`;
    let body: unknown;
    try {
      body = JSON.parse(lines[i]);
    } catch (e) {
      yield { where, errors: [{ field: '(record)', reason: `not JSON: ${(e as Error).message}` }] };
      continue;
    }
    const type = detectMessageType(body);
    yield type ? { where, type, body } : { where, errors: [{ field: '(record)', reason: 'is not a pain.001, pain.013, pacs.008 or pacs.002 message (no TxTp or message element)' }] };
  }
}

function csv(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function runIsoScore(file: string, flags: IsoScoreFlags): Promise<Record<string, number>> {
  const config = engineConfig(flags);
  const stores = await openScoreStores(flags, config.durability);
  const store = stores.transactions;
  // Debtor and creditor names are screened when name lists are stored beside the store.
  const counterparties = (await storedCounterparties(stores.dir))?.screening;
  const pipeline = stores.kind === 'memory'
    ? new Pipeline(buildScorer(config, undefined, { counterparties }), store)
    : (await openEngine(config, store, { counterparties })).pipeline;
  const messages = stores.payments;
  const payments = new PaymentService(pipeline, messages);
  await payments.load();
  const started = performance.now();
  const counts = { messages: 0, accepted: 0, duplicates: 0, rejected: 0, conflicts: 0, ALLOW: 0, REVIEW: 0, BLOCK: 0 };
  const transfers = new Set<string>();
  let out = 'source,type,msg_id,end_to_end_id,result,status,score,decision,reasons\n';
  const complain = (where: string, errors: readonly FieldError[]): void => {
    if (counts.rejected + counts.conflicts <= SHOWN && !flags.quiet) {
      process.stderr.write(`ringwatch: rejected ${where}: ${errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}\n`);
    }
  };
  try {
    for (const input of readInputs(file)) {
      counts.messages++;
      if (!input.type) {
        counts.rejected++;
        complain(input.where, input.errors!);
        out += `${csv(input.where)},,,,rejected,,,,\n`;
        continue;
      }
      const v = validateMessage(input.type, input.body, Date.now(), input.xml ? 'iso' : 'tazama');
      const p = v.ok ? toPaymentMessage(v.message) : undefined;
      const r: PaymentResult = p ? await payments.submit(p) : { ok: false, status: 400, errors: v.ok ? [] : v.errors };
      if (!r.ok) {
        if (r.status === 400) counts.rejected++;
        else counts.conflicts++;
        complain(`${input.where} (${input.type})`, r.errors);
        out += `${csv(input.where)},${input.type},,,${r.status === 400 ? 'rejected' : r.status === 404 ? 'unknown_transfer' : 'conflict'},,,,\n`;
        continue;
      }
      const a = r.answer;
      counts.accepted++;
      if (a.duplicate) counts.duplicates++;
      counts[a.decision.decision as Verdict]++;
      transfers.add(a.transfer.id);
      out += [input.where, input.type, p!.msgId, a.transfer.id, a.duplicate ? 'duplicate' : 'accepted', a.transfer.status,
        Math.round(a.decision.score * 10_000) / 10_000, a.decision.decision, formatReasons(a.decision.reasons)].map((x) => csv(String(x))).join(',') + '\n';
    }
    await pipeline.flush();
    await payments.flush();
  } finally {
    await stores.close();
  }
  if (flags.out) {
    const fd = openSync(flags.out, 'w');
    try {
      writeSync(fd, out);
    } finally {
      closeSync(fd);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (!flags.quiet) {
    process.stderr.write(
      `messages=${counts.messages} accepted=${counts.accepted} duplicates=${counts.duplicates} rejected=${counts.rejected} conflicts=${counts.conflicts} ` +
        `transfers=${transfers.size} ALLOW=${counts.ALLOW} REVIEW=${counts.REVIEW} BLOCK=${counts.BLOCK} ` +
        `messages_per_s=${Math.round(counts.messages / seconds)} seconds=${seconds.toFixed(2)}\n`,
    );
  }
  return { ...counts, transfers: transfers.size };
}
