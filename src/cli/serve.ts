import type { Command } from 'commander';
import { buildServer } from '../api/server.js';
import { BacktestRuns } from '../engine/backtest-runs.js';
import { ScreeningService } from '../screening/service.js';
import { ScreeningListStore } from '../screening/lists/store.js';
import { defaultConfigPath, loadScreeningConfig } from '../screening/config.js';
import { screeningListsDir } from './screen-lists.js';
import { Metrics } from '../api/metrics.js';
import { DEFAULTS } from '../domain/transaction.js';
import type { EngineConfig } from '../engine/config.js';
import { RingService } from '../engine/ring-service.js';
import { openEngine } from '../engine/runtime.js';
import { ApiKeys } from '../security/api-keys.js';
import { openSecurity } from '../security/setup.js';
import { CaseIntake } from '../engine/case-intake.js';
import { CaseFiler } from '../engine/case-filer.js';
import { RingCaseFiler } from '../engine/ring-cases.js';
import { isAlert } from '../domain/alert.js';
import type { CaseStore } from '../cases/store-port.js';
import type { Stores } from '../store/open.js';
import { PaymentService } from '../engine/iso20022/service.js';
import { RowGate } from '../engine/iso20022/row-gate.js';
import { addEngineOptions, addStoreOptions, engineConfig, openCommandStores, type EngineFlags, type StoreFlags } from './options.js';

export interface ServeOptions {
  /** Users, sessions, the audit log, cases and parties from the store (default true); without, API keys only. */
  users?: boolean;
  port: number;
  host: string;
  logLevel: string;
  /** Called with the address once listening. */
  announce?: (lines: string[]) => void;
}

/**
 * Opens the engine over the stores, replays them, and serves the API until the process ends. The
 * returned stop function closes the stores too.
 */
export async function startServer(config: EngineConfig, stores: Stores, o: ServeOptions): Promise<() => Promise<void>> {
  const store = stores.transactions;
  // Alerts are durable with their decisions; the filer files them into cases in the background,
  // never inline with a commit (it is set once the stores are open).
  let filer: CaseFiler | undefined;
  // ISO 20022 message facts live next to the transactions (same store), so chaining survives a restart;
  // their rows are written just before each transfer commit (the gate).
  const paymentStore = stores.payments;
  const gate = new RowGate(paymentStore);
  const { pipeline, lists, replayed, replayMs } = await openEngine(config, gate.guard(store), {
    onCommitted: (batch) => {
      let alerts = 0;
      for (const s of batch) if (isAlert(s.decision)) alerts++;
      filer?.committed(alerts);
    },
    onStateLost: (err) => {
      // The in-memory state advanced past what the store holds: crash and let replay rebuild it.
      process.stderr.write(`ringwatch: store commit failed, exiting so a restart replays the log: ${String(err)}\n`);
      process.exit(70);
    },
  });
  const { keys, created } = await ApiKeys.open(store, process.env.RINGWATCH_API_KEY);
  const full = o.users !== false && stores.kind !== 'memory';
  const security = full ? await openSecurity(stores) : undefined;
  const cases = full ? stores.cases : undefined;
  let filerCases: CaseStore | undefined;
  const parties = full ? stores.parties : undefined;
  const features = pipeline.scorer.features;
  // Rings are recomputed (when the store has grown) at most once a minute, or once per ring case run when that is shorter.
  const rings = new RingService(store, config, lists.lists, config.ringCaseEveryMs > 0 ? Math.min(60_000, config.ringCaseEveryMs) : 60_000);
  let ringCases: RingCaseFiler | undefined;
  if (cases) {
    // The filer writes cases and their audit rows without an fsync each: they become durable with
    // the watermark, saved afterwards through the durable store connection (one write-ahead log),
    // and anything lost before it is filed again (filing is idempotent).
    filerCases = stores.background().cases;
    // Rings at or above the review threshold get one case each, filed in the background too; a
    // member's later alerts then join its ring's case.
    const filerAudit = security?.batchedAudit();
    ringCases = new RingCaseFiler(rings, store, filerCases, filerAudit, {
      threshold: config.ringReview, everyMs: config.ringCaseEveryMs, listed: (a) => features.listed.isAccountNameListed(a),
      onError: (err) => process.stderr.write(`ringwatch: ring case filing failed (retrying): ${String(err)}\n`),
    });
    const rc = ringCases;
    const intake = new CaseIntake(filerCases, features, (a) => rc.ringOf(a) ?? features.rings.ringOf(a), filerAudit);
    filer = new CaseFiler(intake, store, { onError: (err) => process.stderr.write(`ringwatch: case filing failed (retrying): ${String(err)}\n`) });
  }
  const waiting = filer ? await filer.start() : 0;
  const payments = new PaymentService(pipeline, paymentStore, { gate });
  await payments.load();
  const app = buildServer(
    {
      pipeline, lists, rings, ringReview: ringCases?.threshold, keys, metrics: new Metrics(), defaults: DEFAULTS,
      users: security?.users, audit: security?.audit, cases, parties, institution: config.institution, caseFiler: filer, payments,
      screening: full ? screeningService(stores.dir) : undefined, backtests: new BacktestRuns(store, config),
    },
    { logLevel: o.logLevel },
  );
  // Keys revoked by another process (`ringwatch keys revoke`) are refused within a second.
  const keyRefresh = setInterval(() => {
    keys.refresh().catch((err: unknown) => process.stderr.write(`ringwatch: reloading API keys failed: ${String(err)}\n`));
  }, 1000);
  keyRefresh.unref();
  await app.listen({ port: o.port, host: o.host });
  ringCases?.start();
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : o.port;
  const url = `http://${o.host === '0.0.0.0' ? 'localhost' : o.host}:${port}`;
  const lines = [
    ...(stores.created && stores.kind !== 'memory' ? [`ringwatch: no store at ${stores.where}: started a new, empty one`] : []),
    `ringwatch: store ${stores.where}: replayed ${replayed} transactions in ${Math.round(replayMs)} ms`,
    `ringwatch: listening on ${url}`,
  ];
  if (waiting) lines.push(`ringwatch: ${waiting} alerts wait to be filed into cases (filing in the background)`);
  if (created) lines.push(`ringwatch: new API key (shown once, store it now): ${created}`);
  if (security?.headProblem) {
    lines.push(`ringwatch: WARNING: the audit log does not match its signed head (${security.headProblem}); the head file is kept as evidence — run ringwatch audit verify`);
  }
  if (security?.bootstrap) lines.push(`ringwatch: dashboard user ${security.bootstrap.username}, one-time password (change it at first login): ${security.bootstrap.password}`);
  (o.announce ?? ((l) => process.stdout.write(l.join('\n') + '\n')))(lines);
  return async () => {
    clearInterval(keyRefresh);
    await ringCases?.stop();
    await app.close();
    await pipeline.flush();
    await filer?.stop();
    await payments.flush();
    await security?.close();
    await stores.close();
  };
}

/** Screening over the lists imported beside the store, at the configured threshold. */
function screeningService(dir: string): ScreeningService {
  return new ScreeningService(new ScreeningListStore(screeningListsDir(dir)), () => loadScreeningConfig(defaultConfigPath()).threshold);
}

export function serveCommand(program: Command): void {
  addEngineOptions(
    addStoreOptions(program
      .command('serve')
      .description('serve the HTTP API over the store')
      .option('--port <n>', 'port', '8080')
      .option('--host <addr>', 'address to bind', '127.0.0.1'))
      .option('--log-level <level>', 'fastify log level (silent, error, warn, info)', 'warn'),
  ).action(async (flags: EngineFlags & StoreFlags & { port: string; host: string; logLevel: string }) => {
    const config = engineConfig(flags);
    const stores = await openCommandStores(flags, { durability: config.durability });
    const stop = await startServer(config, stores, { port: Number(flags.port), host: flags.host, logLevel: flags.logLevel });
    const shutdown = (): void => {
      void stop().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
