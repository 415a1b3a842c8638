#!/usr/bin/env node
import { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every top-level command and where it is defined, in help order. A command's module (and what it
 * needs: the HTTP server, NATS, the transliteration tables…) is imported only when that command
 * runs, so `ringwatch score` does not pay for `ringwatch serve` at start-up (measured here:
 * `ringwatch score --help` 0.60 s → 0.23 s, with the screening and NATS modules also loaded on
 * demand). Without a known command name (help, --version, a typo) every command is loaded, so help
 * and suggestions list them all.
 */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Register>]> = [
  ['score', async () => (await import('./score.js')).scoreCommand],
  ['serve', async () => (await import('./serve.js')).serveCommand],
  ['demo', async () => (await import('./demo.js')).demoCommand],
  ['lists', async () => (await import('./lists.js')).listsCommand],
  ['evaluate', async () => (await import('./evaluate.js')).evaluateCommand],
  ['train', async () => (await import('./train.js')).trainCommand],
  ['features', async () => (await import('./features.js')).featuresCommand],
  ['calibrate', async () => (await import('./calibrate.js')).calibrateCommand],
  ['rings', async () => (await import('./rings.js')).ringsCommand],
  ['paths', async () => (await import('./paths.js')).pathsCommand],
  ['users', async () => (await import('./admin.js')).adminCommands],
  ['audit', async () => (await import('./admin.js')).adminCommands],
  ['parties', async () => (await import('./parties.js')).partiesCommand],
  ['keys', async () => (await import('./keys.js')).keysCommand],
  ['screen', async () => (await import('./screen.js')).screenCommand],
  ['backtest', async () => (await import('./backtest.js')).backtestCommand],
  ['report', async () => (await import('./report.js')).reportCommand],
  ['publish', async () => (await import('./publish.js')).publishCommand],
  ['worker', async () => (await import('./worker.js')).workerCommand],
  ['decisions', async () => (await import('./decisions.js')).decisionsCommand],
];

/** The registrations to load for these arguments: the named command's, or all of them (once each). */
async function registrations(argv: readonly string[]): Promise<Register[]> {
  const named = COMMANDS.find(([name]) => name === argv[2]);
  const loaded = await Promise.all((named ? [named] : COMMANDS).map(([, load]) => load()));
  return [...new Set(loaded)];
}

const program = new Command();
program.name('ringwatch').description('Real-time financial-crime detection: transaction graph, features, rules, decisions.').version('0.1.0');

// A reader that stops early (`ringwatch rings … | head`) closes the pipe: stop quietly, as Unix
// tools do, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

registrations(process.argv)
  .then((found) => {
    for (const register of found) register(program);
    return program.parseAsync(process.argv);
  })
  .catch((err: unknown) => {
    process.stderr.write(`ringwatch: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
