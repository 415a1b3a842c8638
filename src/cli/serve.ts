import type { Command } from 'commander';
import { buildServer } from '../api/server.js';
import { BacktestRuns } from '../engine/backtest-runs.js';
import { ScreeningService } from '../screening/service.js';
import { ScreeningDesk } from '../engine/party-screening.js';
import { counterpartyScreening } from '../screening/counterparty-lists.js';
import { ScreeningListStore } from '../screening/lists/store.js';
import { defaultConfigPath, loadScreeningConfig } from '../screening/config.js';
import { screeningListsDir } from '../screening/lists/store.js';
import { Metrics } from '../api/metrics.js';
import { DEFAULTS } from '../domain/transaction.js';
import type { EngineConfig } from '../engine/config.js';
import { RingService } from '../engine/ring-service.js';
import { openEngine } from '../engine/runtime.js';
import { ApiKeys } from '../security/api-keys.js';
import { openSecurity } from '../security/setup.js';
import { ROLE_DUTIES, ROLES } from '../security/roles.js';
import { CaseIntake } from '../engine/case-intake.js';
import { CaseFiler } from '../engine/case-filer.js';
import { RingCaseFiler } from '../engine/ring-cases.js';
import { isAlert } from '../domain/alert.js';
import type { CaseStore } from '../cases/store-port.js';
import type { Stores } from '../store/open.js';
import { PaymentService } from '../engine/iso20022/service.js';
import { RowGate } from '../engine/iso20022/row-gate.js';
import { addEngineOptions, addStoreOptions, engineConfig, openCommandStores, type EngineFlags, type StoreFlags } from './options.js';
import type { Submitter } from '../stream/intake.js';
import type { Pipeline } from '../engine/pipeline.js';
import { StreamWorker } from '../stream/worker.js';
import { checkStreamName, closeNats, connectNats, ensureStream, sleep } from '../stream/nats.js';
import { publishListChange } from '../stream/list-changes.js';
import type { Watchlists } from '../engine/watchlists.js';
import type { ListEvent } from '../domain/list.js';
import { StreamSubmitter, type StreamSubmitterOptions } from '../stream/submitter.js';
import type { NatsConnection } from 'nats';
import type { TransactionStore } from '../store/port.js';
import { addHeapOption, applyHeapGrowth, type HeapFlags } from './heap-policy.js';

export interface ServeOptions {
  /** Users, sessions, the audit log, cases and parties from the store (default true); without, API keys only. */
  users?: boolean;
  port: number;
  host: string;
  logLevel: string;
  /** Called with the address once listening. */
  announce?: (lines: string[]) => void;
  /**
   * Decide POSTed transactions through the stream (`--nats`): published, answered once a worker's
   * decision is durable. ISO 20022 intake is then off (it would decide in this process).
   */
  submitter?: Submitter;
  /** With a submitter: keeps the server's engine current by applying the stream (started once the engine is open). */
  follow?: (pipeline: Pipeline, lists: Watchlists) => { stop(): void; done: Promise<unknown> };
  /** With a submitter: list changes go here (the stream) instead of straight into the lists and store. */
  listChanges?: (event: ListEvent) => Promise<void>;
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
  // Name lists beside the store: counterparty names in transactions are screened against them,
  // and a list imported through the API is taken up at once.
  const listStore = new ScreeningListStore(screeningListsDir(stores.dir));
  const screeningThreshold = (): number => loadScreeningConfig(defaultConfigPath()).threshold;
  const screeningService = new ScreeningService(listStore, screeningThreshold);
  const counterparties = counterpartyScreening(screeningService);
  const { pipeline, lists, replayed, replayMs } = await openEngine(config, gate.guard(store), {
    counterparties: counterparties.screening,
    // A stream follower rebuilds the state from the stream, not from the store.
    replay: o.follow === undefined,
    listChanges: o.listChanges,
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
  const screening = full && cases && parties
    ? new ScreeningDesk(screeningService, listStore, { cases, parties, threshold: screeningThreshold, audit: security?.audit, onListChange: counterparties.reload })
    : undefined;
  const follower = o.follow?.(pipeline, lists.lists);
  const waiting = filer ? await filer.start() : 0;
  const payments = o.submitter ? undefined : new PaymentService(pipeline, paymentStore, { gate });
  await payments?.load();
  const app = buildServer(
    {
      pipeline, submitter: o.submitter, lists, rings, ringReview: ringCases?.threshold, keys, metrics: new Metrics(), defaults: DEFAULTS,
      users: security?.users, audit: security?.audit, cases, parties, institution: config.institution, caseFiler: filer, payments,
      screening: screening?.service, screeningDesk: screening, backtests: new BacktestRuns(store, config),
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
  if (security?.bootstrap) {
    lines.push(`ringwatch: dashboard user ${security.bootstrap.username}, one-time password (change it at first login): ${security.bootstrap.password}`);
    for (const role of ROLES) lines.push(`  ${role.padEnd(10)} ${ROLE_DUTIES[role]}`);
    lines.push(`  add a user: npx ringwatch users add NAME --role analyst --store ${stores.where}`);
  }
  (o.announce ?? ((l) => process.stdout.write(l.join('\n') + '\n')))(lines);
  return async () => {
    clearInterval(keyRefresh);
    follower?.stop();
    await follower?.done;
    await ringCases?.stop();
    await app.close();
    await pipeline.flush();
    await filer?.stop();
    await payments?.flush();
    await security?.close();
    await stores.close();
  };
}

/**
 * What `serve --nats` decides through: a submitter that publishes each transaction and waits for
 * its durable decision (started here), a follower that applies the stream to the server's engine
 * and lists, and list changes published on the stream — every worker applies them at their place
 * in its order; a change is answered once this server's follower has applied it too (or after the
 * timeout: it is in the stream either way).
 */
export function throughStream(nc: NatsConnection, store: TransactionStore, stream: string, options: StreamSubmitterOptions = {}): {
  submitter: StreamSubmitter;
  follow: NonNullable<ServeOptions['follow']>;
  listChanges: NonNullable<ServeOptions['listChanges']>;
} {
  const submitter = new StreamSubmitter(nc, store, stream, options);
  submitter.start();
  let following: StreamWorker | undefined;
  const follow = (pipeline: Pipeline, lists: Watchlists): { stop(): void; done: Promise<unknown> } => {
    const follower = new StreamWorker(nc, store, { stream, partitions: 1, partition: 0, follow: true, lists });
    following = follower;
    const done = follower.run(pipeline).catch((err: unknown) => process.stderr.write(`ringwatch: following stream ${stream} stopped: ${String(err)}\n`));
    return { stop: () => follower.stop(), done };
  };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const listChanges = async (event: ListEvent): Promise<void> => {
    const seq = await publishListChange(nc.jetstream(), stream, event);
    const deadline = Date.now() + timeoutMs;
    while ((following?.stats?.lastSeq ?? 0) < seq && Date.now() < deadline) await sleep(20);
  };
  return { submitter, follow, listChanges };
}

export function serveCommand(program: Command): void {
  addEngineOptions(
    addStoreOptions(addHeapOption(program
      .command('serve'))
      .description('serve the HTTP API over the store')
      .option('--port <n>', 'port', '8080')
      .option('--host <addr>', 'address to bind', '127.0.0.1'))
      .option('--nats <url>', 'decide through NATS JetStream workers: publish each POSTed transaction, answer with its durable decision')
      .option('--stream <name>', 'JetStream stream (with --nats)', 'ringwatch')
      .option('--decision-timeout <ms>', 'with --nats: how long an answer waits for a worker\'s decision before a 504', '10000')
      .option('--log-level <level>', 'fastify log level (silent, error, warn, info)', 'warn'),
  ).action(async (flags: EngineFlags & StoreFlags & HeapFlags & { port: string; host: string; nats?: string; stream: string; decisionTimeout: string; logLevel: string }) => {
    applyHeapGrowth(flags.heapGrowth);
    const config = engineConfig(flags);
    const timeoutMs = Number(flags.decisionTimeout);
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) throw new Error('--decision-timeout must be a whole number of milliseconds');
    const stream = checkStreamName(flags.stream);
    const stores = await openCommandStores(flags, { durability: config.durability });
    const nc = flags.nats ? await connectNats(flags.nats, 'ringwatch-serve') : undefined;
    if (nc) await ensureStream(await nc.jetstreamManager(), stream);
    const store = stores.transactions;
    const through: Partial<ReturnType<typeof throughStream>> = nc ? throughStream(nc, store, stream, { timeoutMs }) : {};
    const { submitter } = through;
    const stop = await startServer(config, stores, { port: Number(flags.port), host: flags.host, logLevel: flags.logLevel, ...through });
    if (nc) process.stdout.write(`ringwatch: transactions go through NATS stream ${stream} (${flags.nats}); answers wait up to ${timeoutMs} ms for a worker's decision\n`);
    const shutdown = (): void => {
      submitter?.stop();
      void stop()
        .then(() => nc && closeNats(nc))
        .then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
