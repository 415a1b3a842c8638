#!/usr/bin/env node
import { Command } from 'commander';
import { demoCommand } from './demo.js';
import { evaluateCommand } from './evaluate.js';
import { trainCommand } from './train.js';
import { featuresCommand } from './features.js';
import { calibrateCommand } from './calibrate.js';
import { ringsCommand } from './rings.js';
import { pathsCommand } from './paths.js';
import { adminCommands } from './admin.js';
import { partiesCommand } from './parties.js';
import { listsCommand } from './lists.js';
import { scoreCommand } from './score.js';
import { serveCommand } from './serve.js';
import { keysCommand } from './keys.js';
import { screenCommand } from './screen.js';
import { backtestCommand } from './backtest.js';
import { reportCommand } from './report.js';
import { publishCommand } from './publish.js';
import { workerCommand } from './worker.js';
import { decisionsCommand } from './decisions.js';

const program = new Command();
program.name('ringwatch').description('Real-time financial-crime detection: transaction graph, features, rules, decisions.').version('0.1.0');
scoreCommand(program);
serveCommand(program);
demoCommand(program);
listsCommand(program);
evaluateCommand(program);
trainCommand(program);
featuresCommand(program);
calibrateCommand(program);
ringsCommand(program);
pathsCommand(program);
adminCommands(program);
partiesCommand(program);
keysCommand(program);
screenCommand(program);
backtestCommand(program);
reportCommand(program);
publishCommand(program);
workerCommand(program);
decisionsCommand(program);

// A reader that stops early (`ringwatch rings … | head`) closes the pipe: stop quietly, as Unix
// tools do, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`ringwatch: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
