import type { Command } from 'commander';
import { buildServer } from '../api/server.js';
import { ScreeningService } from '../screening/service.js';
import { ScreeningListStore } from '../screening/lists/store.js';
import { defaultConfigPath, loadScreeningConfig } from '../screening/config.js';
import { screeningStoreDir } from './screen-lists.js';
import { Metrics } from '../api/metrics.js';
import { DEFAULTS } from '../domain/transaction.js';
import type { EngineConfig } from '../engine/config.js';
import { RingService } from '../engine/ring-service.js';
import { openEngine, openStore } from '../engine/runtime.js';
import { ApiKeys } from '../security/api-keys.js';
import { openSecurity } from '../security/setup.js';
import { CaseIntake } from '../engine/case-intake.js';
import { SqliteCaseStore } from '../store/sqlite-cases.js';
import { SqlitePartyStore } from '../store/sqlite-parties.js';
import type { TransactionStore } from '../store/port.js';
import { addEngineOptions, DEFAULT_DB, engineConfig, type EngineFlags } from './options.js';

export interface ServeOptions {
  /** The database path: users, sessions and the audit log live in the same file. */
  db?: string;
  port: number;
  host: string;
  logLevel: string;
  /** Called with the address once listening. */
  announce?: (lines: string[]) => void;
}

/** Opens the engine over the store, replays it, and serves the API until the process ends. */
export async function startServer(config: EngineConfig, store: TransactionStore, o: ServeOptions): Promise<() => Promise<void>> {
  // Cases are filed from each durable batch's alerts; the intake is set once the stores are open.
  let intake: CaseIntake | undefined;
  const { pipeline, lists, replayed, replayMs } = await openEngine(config, store, {
    onCommitted: (batch) => {
      intake?.intake(batch).catch((err: unknown) => process.stderr.write(`ringwatch: case intake failed: ${String(err)}\n`));
    },
    onStateLost: (err) => {
      // The in-memory state advanced past what the store holds: crash and let replay rebuild it.
      process.stderr.write(`ringwatch: store commit failed, exiting so a restart replays the log: ${String(err)}\n`);
      process.exit(70);
    },
  });
  const { keys, created } = await ApiKeys.open(store, process.env.RINGWATCH_API_KEY);
  const security = o.db ? await openSecurity(o.db, config.durability) : undefined;
  const cases = o.db ? new SqliteCaseStore(o.db) : undefined;
  const parties = o.db ? new SqlitePartyStore(o.db) : undefined;
  const features = pipeline.scorer.features;
  if (cases) intake = new CaseIntake(cases, features, (a) => features.rings.ringOf(a), security?.audit);
  const backfilled = intake ? await intake.backfill(store) : 0;
  const app = buildServer(
    {
      pipeline, lists, rings: new RingService(store, config, lists.lists), keys, metrics: new Metrics(), defaults: DEFAULTS,
      users: security?.users, audit: security?.audit, cases, parties, institution: config.institution,
      screening: o.db ? screeningService(o.db) : undefined,
    },
    { logLevel: o.logLevel },
  );
  await app.listen({ port: o.port, host: o.host });
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : o.port;
  const url = `http://${o.host === '0.0.0.0' ? 'localhost' : o.host}:${port}`;
  const lines = [`ringwatch: replayed ${replayed} transactions in ${Math.round(replayMs)} ms`, `ringwatch: listening on ${url}`];
  if (backfilled) lines.push(`ringwatch: filed ${backfilled} alerts that had no case yet`);
  if (created) lines.push(`ringwatch: new API key (shown once, store it now): ${created}`);
  if (security?.bootstrap) lines.push(`ringwatch: dashboard user ${security.bootstrap.username}, one-time password (change it at first login): ${security.bootstrap.password}`);
  (o.announce ?? ((l) => process.stdout.write(l.join('\n') + '\n')))(lines);
  return async () => {
    await app.close();
    await pipeline.flush();
    await store.close();
    await security?.users.close();
    await cases?.close();
    parties?.close();
  };
}

/** Screening over the lists imported beside the database, at the configured threshold. */
function screeningService(db: string): ScreeningService {
  return new ScreeningService(new ScreeningListStore(screeningStoreDir(db)), () => loadScreeningConfig(defaultConfigPath()).threshold);
}

export function serveCommand(program: Command): void {
  addEngineOptions(
    program
      .command('serve')
      .description('serve the HTTP API over the store')
      .option('--port <n>', 'port', '8080')
      .option('--host <addr>', 'address to bind', '127.0.0.1')
      .option('--db <path>', 'SQLite database', DEFAULT_DB)
      .option('--log-level <level>', 'fastify log level (silent, error, warn, info)', 'warn'),
  ).action(async (flags: EngineFlags & { port: string; host: string; db: string; logLevel: string }) => {
    const config = engineConfig(flags);
    const store = openStore(flags.db, config);
    const stop = await startServer(config, store, { db: flags.db, port: Number(flags.port), host: flags.host, logLevel: flags.logLevel });
    const shutdown = (): void => {
      void stop().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
