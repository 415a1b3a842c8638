import type { Command } from 'commander';
import { rmSync } from 'node:fs';
import { auditHeadPath } from '../security/setup.js';
import { openStores } from '../store/open.js';
import { generateBank } from '../demo/index.js';
import { demoParties } from '../demo/parties.js';
import { DEMO_INSTITUTION } from '../demo/institution.js';
import type { Verdict } from '../domain/decision.js';
import { formatDetection, formatRingRecall, ringRecall, summariseDetection } from '../engine/detection-summary.js';
import { openEngine } from '../engine/runtime.js';
import { ProgressBar } from '../ingest/index.js';
import { RingService } from '../engine/ring-service.js';
import { CaseIntake } from '../engine/case-intake.js';
import { RingCaseFiler } from '../engine/ring-cases.js';
import { ApiKeys, DEFAULT_SCOPES } from '../security/api-keys.js';
import { addEngineOptions, addStoreOptions, engineConfig, storeUrl, type EngineFlags, type StoreFlags } from './options.js';
import { startServer } from './serve.js';
import { addHeapOption, applyHeapGrowth, type HeapFlags } from './heap-policy.js';

interface DemoFlags extends EngineFlags, StoreFlags, HeapFlags {
  seed: string;
  accounts: string;
  transactions: string;
  days: string;
  port: string;
  host: string;
  serve: boolean;
  reset?: boolean;
}

/**
 * `ringwatch demo`: a seeded synthetic bank with planted laundering and fraud, scored
 * through the engine into the store (the default store unless told otherwise), a summary
 * against the planted labels (kept apart from the engine), then the API server over the same
 * store. A store that already holds transactions is kept and served as it is (its users, cases
 * and work survive) unless --reset is given.
 */
export async function runDemo(flags: DemoFlags): Promise<void> {
  const out = (s: string): boolean => process.stdout.write(s + '\n');
  const config = demoConfig(flags);
  const url = storeUrl(flags);
  const existing = await openStores(url, { durability: config.durability, reset: flags.reset });
  if (flags.reset) {
    // The signed head covers the log just deleted; a new log starts a new head.
    rmSync(auditHeadPath(existing.dir), { force: true });
    out(`ringwatch demo: --reset: deleted the store at ${existing.where}; generating a new demo bank`);
  }
  const held = existing.created ? 0 : await existing.transactions.count();
  await existing.close();
  if (held > 0) {
    out(`ringwatch demo: keeping the existing store at ${existing.where} (${held} transactions, with its users, cases and lists); give --reset to start a new demo bank`);
  } else {
    await buildDemo(flags, url, out);
  }
  if (!flags.serve) return;
  const serveStores = await openStores(url, { durability: config.durability });
  const { keys } = await ApiKeys.open(serveStores.transactions, process.env.RINGWATCH_API_KEY);
  // The session's key reads cases and their (masked) reports as well as sending and reading transactions.
  const scopes = [...DEFAULT_SCOPES, 'reports' as const];
  const key = await keys.issue('demo session', scopes);
  await startServer(config, serveStores, {
    port: Number(flags.port), host: flags.host, logLevel: 'warn',
    announce: (lines) => {
      for (const l of lines) out(l);
      // The address as bound (with --port 0, the port the system chose).
      const base = lines.map((l) => /listening on (http:\/\/\S+)/.exec(l)?.[1]).find((u) => u !== undefined) ?? `http://${flags.host}:${flags.port}`;
      out(`ringwatch demo: API key for this session (scopes ${scopes.join(', ')}): ${key}`);
      out(`  try: curl -H 'Authorization: Bearer ${key}' '${base.replace(/\/+$/, '')}/v1/alerts?limit=5'`);
    },
  });
}

/**
 * The engine configuration of the demo: the bank reports as a fictitious institution (config key
 * `institution`, see docs/reports.md) unless the config names one, so goAML and PBOC exports
 * work on its cases out of the box.
 */
function demoConfig(flags: DemoFlags): ReturnType<typeof engineConfig> {
  const config = engineConfig(flags);
  config.institution ??= structuredClone(DEMO_INSTITUTION) as unknown as Record<string, unknown>;
  return config;
}

/** Generates the demo bank and scores it into the (empty) store at `url`, filing cases and ring cases. */
async function buildDemo(flags: DemoFlags, url: string, out: (s: string) => void): Promise<void> {
  const config = demoConfig(flags);
  const t0 = performance.now();
  const bank = generateBank({
    seed: Number(flags.seed), accounts: Number(flags.accounts), days: Number(flags.days), targetTransactions: Number(flags.transactions),
  });
  out(`ringwatch demo: generated ${bank.transactions.length} transactions over ${flags.days} days for ${bank.accounts.length} accounts (seed ${flags.seed}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const stores = await openStores(url, { durability: config.durability });
  const store = stores.transactions;
  // Alerts become cases as each batch commits, as in the live server.
  const cases = stores.cases;
  let intake: CaseIntake | undefined;
  let filing = Promise.resolve();
  const { pipeline, lists } = await openEngine(config, store, {
    onCommitted: (batch) => {
      filing = filing.then(async () => void (await intake?.intake(batch)));
    },
  });
  const features = pipeline.scorer.features;
  intake = new CaseIntake(cases, features, (a) => features.rings.ringOf(a));
  // The bank's blacklist (known mules, fraud devices and phones) goes in before scoring, as a
  // bank's would: features and rules see it from the first transaction.
  const listed = [
    ...bank.listed.accounts.map((value) => ({ kind: 'account' as const, value })),
    ...bank.listed.devices.map((value) => ({ kind: 'device' as const, value })),
    ...bank.listed.phones.map((value) => ({ kind: 'phone' as const, value })),
  ];
  for (const e of listed) await lists.add({ list: 'blacklist', ...e, reason: 'demo: known fraud', source: 'demo generator' });
  // Fictitious KYC records, so cases show account holders (masked for analysts).
  await stores.parties.upsert(demoParties(bank.accounts, Number(flags.seed)));
  const t1 = performance.now();
  const bar = new ProgressBar({ totalBytes: bank.transactions.length, label: 'score' });
  const decided: Array<[string, Verdict]> = [];
  const CHUNK = 5000;
  for (let i = 0; i < bank.transactions.length; i += CHUNK) {
    const part = bank.transactions.slice(i, i + CHUNK);
    const outcomes = await Promise.all(part.map((tx) => pipeline.submit(tx)));
    outcomes.forEach((o) => decided.push([o.decision.id, o.decision.decision]));
    bar.update(i + part.length, i + part.length);
  }
  await pipeline.flush();
  await filing;
  bar.finish();
  const seconds = (performance.now() - t1) / 1000;
  out(`ringwatch demo: scored and stored in ${seconds.toFixed(1)} s (${Math.round(bank.transactions.length / seconds)} tx/s) into ${stores.where}`);
  for (const line of formatDetection(summariseDetection(decided, bank.labels))) out('  ' + line);
  const openCases = await cases.listCases({ limit: 500, sort: 'risk', order: 'desc' });
  out(`ringwatch demo: ${openCases.length >= 500 ? '500+' : openCases.length} cases filed from the alerts (grouped by subject and ring)`);
  // Gangs at or above the review threshold become ring cases, as the server's ring case filer does.
  const ringService = new RingService(store, config, lists.lists, 0);
  const ringRun = await new RingCaseFiler(ringService, store, cases, undefined, {
    threshold: config.ringReview, listed: (a) => features.listed.isAccountNameListed(a),
  }).run();
  const opened = ringRun.results.filter((r) => r.outcome === 'opened').length;
  out(`ringwatch demo: ${opened} ring cases for the ${ringRun.reviewed} of ${ringRun.rings} gangs at ring risk ≥ ${config.ringReview} (members' alerts and the ring's evidence in one case each)`);
  // How many planted groups came out as rings (the rule of ../shared/tools/score_rings.py).
  const gangs = await ringService.rings('gangs');
  for (const line of formatRingRecall(ringRecall(bank.instances, gangs.rings.map((r) => r.members)), gangs.rings.length)) out('  ' + line);
  for (const line of await ringAndPathSummary(ringService, decided)) out(line);
  await stores.close();
}

/** The top rings and one suspicious path from an alerted account to a listed one. */
async function ringAndPathSummary(rings: RingService, decided: ReadonlyArray<[string, Verdict]>): Promise<string[]> {
  const lines: string[] = [];
  // The same rings as `ringwatch rings`, GET /v1/rings and the dashboard: gangs grown from flagged transfers.
  const report = await rings.rings('gangs');
  lines.push(`ringwatch demo: ${report.rings.length} rings (gangs grown from flagged transfers); the riskiest:`);
  for (const r of report.rings.slice(0, 3)) {
    const why = r.reasons.filter((x) => x.value > 0).slice(0, 3).map((x) => `${x.name} ${x.value.toFixed(2)}`).join(', ');
    lines.push(`  ${r.ring} risk ${r.risk.toFixed(2)}, ${r.size} members (${r.members.slice(0, 5).join(' ')}${r.size > 5 ? ' …' : ''}): ${why}`);
  }
  const listed = rings.listedAccounts();
  const alertedIds = new Set(decided.filter(([, d]) => d !== 'ALLOW').map(([id]) => id));
  const alerts = (await rings.alertedTransactions(alertedIds)).slice(0, 200);
  for (const account of alerts) {
    if (listed.has(account)) continue;
    const found = await rings.paths({ from: account, to: { accounts: listed }, maxHops: 4, k: 1, maxVisited: 50_000, upstream: true });
    const p = found.named[0];
    if (!p) continue;
    lines.push(`ringwatch demo: money reached alerted account ${account} from listed ${p.accounts[0]} in ${p.hops} hop(s): ${p.accounts.join(' → ')}`);
    return lines;
  }
  lines.push('ringwatch demo: no path within 4 hops from a listed account to an alerted one');
  return lines;
}

export function demoCommand(program: Command): void {
  addEngineOptions(
    addStoreOptions(addHeapOption(program
      .command('demo')
      .description('generate a small bank, score it into the store, summarise, then serve the API (an existing store is kept unless --reset)')))
      .option('--seed <n>', 'generator seed', '20260101')
      .option('--accounts <n>', 'customer accounts', '5000')
      .option('--transactions <n>', 'about this many transactions', '200000')
      .option('--days <n>', 'days of history', '60')
      .option('--reset', 'delete the store first and generate a new demo bank (default: keep a store that holds transactions)')
      .option('--port <n>', 'API port', '8080')
      .option('--host <addr>', 'API address', '127.0.0.1')
      .option('--no-serve', 'stop after the summary'),
  ).action(async (flags: DemoFlags) => {
    applyHeapGrowth(flags.heapGrowth);
    await runDemo(flags);
  });
}
