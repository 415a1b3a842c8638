import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { validatePboc } from '../../src/cases/report/pboc-schema.js';
import { MAIN } from '../helpers/harness.js';

/**
 * Every command in the README's shell blocks, taken from README.md itself so that this fails when
 * the README drifts:
 * - a runnable command runs exactly as written, in the README's order, in one shell in a copy of
 *   the repository's layout — `npm start` (the full demo) is started, probed with the README's
 *   own commands (curl with the printed key, the report export, the path search, the ISO 20022
 *   call) and stopped; the NATS block runs against a real nats-server. The shell runs in a
 *   private network namespace (`unshare -rn`) where the system allows, so ports 8080 and 4222 are its own (else on the machine, when they are free).
 * - a synopsis (placeholders such as FILE, [options], a|b) names commands, subcommands and
 *   options: each must exist in the CLI's `--help`.
 * - the examples on the development sets run in readme-datasets.test.ts.
 * - what cannot run here is excused below, with why.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Commands (or a leading part of one) not run, and why. */
const EXCUSED: ReadonlyArray<{ text: string; why: string; prefix?: boolean }> = [
  { text: 'npm install && ', prefix: true, why: 'installs from the npm registry and builds the dashboard; the tests run on the tree it installed' },
  { text: 'npm test', why: 'runs the test suite, this file among it' },
  { text: 'apt-get install -y nats-server && ', prefix: true, why: 'a system package (installed where the tests run; test/helpers/nats-server.ts)' },
];

export interface ReadmeCommand {
  /** The command as written, continuation lines joined, trailing comment removed. */
  text: string;
  /** Line of README.md where it starts. */
  line: number;
}

/** Commands of the README's `sh` blocks (other blocks are listings, not commands). */
export function readmeShellCommands(readme: string): ReadmeCommand[] {
  const out: ReadmeCommand[] = [];
  let block: 'sh' | 'other' | null = null;
  let pending = '';
  let start = 0;
  readme.split('\n').forEach((raw, i) => {
    if (raw.startsWith('```')) {
      block = block === null ? (raw.trim() === '```sh' ? 'sh' : 'other') : null;
      pending = '';
      return;
    }
    if (block !== 'sh') return;
    const line = raw.trim();
    if (pending === '') start = i + 1;
    if (pending === '' && line.startsWith('#')) return;
    const joined = pending + line;
    if (joined.endsWith('\\')) {
      pending = joined.slice(0, -1).trimEnd() + ' ';
      return;
    }
    pending = '';
    const text = joined.replace(/\s+#\s.*$/, '').trim();
    if (text === '') return;
    // A synopsis wrapped without a backslash: a line of options continues the command above it.
    const last = out.at(-1);
    if (text.startsWith('[') && last) last.text += ' ' + text;
    else out.push({ text, line: start });
  });
  return out;
}

export type CommandKind = 'datasets' | 'synopsis' | 'run';

export function classify(text: string): CommandKind {
  if (/datasets|^[A-Z]+=|\$[A-Z]\//.test(text)) return 'datasets';
  const bare = text.replace(/\$[A-Za-z_!]+/g, '').replace(/'[^']*'|"[^"]*"/g, '');
  if (/\[|\]| \| |\||…|\.\.\.|\(see below\)|\b[A-Z][A-Z_]+\b/.test(bare)) return 'synopsis';
  return 'run';
}

/** What a synopsis names: each `npx ringwatch CMD [SUB|SUB …] … --option …` segment. */
export function synopsisParts(text: string): Array<{ command: string; subcommands: string[]; options: string[] }> {
  return text.split(/(?=\bnpx ringwatch )/).filter((s) => s.startsWith('npx ringwatch ')).flatMap((segment) => {
    const tokens = segment.slice('npx ringwatch '.length).trim().split(/\s+/);
    const commands = tokens[0] === 'rings' && tokens[1] === '/' ? ['rings', tokens[2]] : [tokens[0]];
    const subcommands: string[] = [];
    tokens.forEach((t, i) => {
      if (i === 0) return;
      const alternatives = t.split('|');
      if ((i === 1 || tokens[i - 1] === '|') && alternatives.every((a) => /^[a-z][a-z-]*$/.test(a))) subcommands.push(...alternatives);
    });
    const options = [...new Set(segment.match(/--[a-z][a-z0-9-]*/g) ?? [])];
    return commands.map((command) => ({ command, subcommands: command === tokens[0] ? subcommands : [], options }));
  });
}

const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 60_000 });
const hasOption = (help: string, option: string): boolean => new RegExp(`(^|[\\s,])${option}([\\s,=]|$)`, 'm').test(help);

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const commands = readmeShellCommands(readme);
const dir = mkdtempSync(join(tmpdir(), 'rw-readme-all-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('every README command is run here, checked as a synopsis, run on the development sets, or excused with a reason', () => {
  assert.ok(commands.length >= 35, `${commands.length} commands found`);
  const kinds = commands.map((c) => classify(c.text));
  assert.ok(kinds.filter((k) => k === 'run').length >= 10, 'the runnable examples are found');
  assert.ok(kinds.filter((k) => k === 'synopsis').length >= 20, 'the synopses are found');
  assert.ok(kinds.filter((k) => k === 'datasets').length >= 4, 'the dataset examples are found (readme-datasets.test.ts runs them)');
  for (const e of EXCUSED) assert.ok(commands.some((c) => (e.prefix ? c.text.startsWith(e.text) : c.text === e.text)), `excused "${e.text}" is still in the README (else drop it here)`);
});

test('every README synopsis names commands, subcommands and options the CLI has', () => {
  const problems: string[] = [];
  const helps = new Map<string, { status: number | null; text: string }>();
  const help = (args: string[]) => {
    const key = args.join(' ');
    if (!helps.has(key)) {
      const r = cli(...args, '--help');
      helps.set(key, { status: r.status, text: r.stdout });
    }
    return helps.get(key)!;
  };
  let checked = 0;
  for (const c of commands.filter((x) => classify(x.text) === 'synopsis')) {
    for (const part of synopsisParts(c.text)) {
      const top = help([part.command]);
      if (top.status !== 0) {
        problems.push(`README.md:${c.line}: ringwatch ${part.command} does not exist`);
        continue;
      }
      const texts = [top.text];
      for (const sub of part.subcommands) {
        const h = help([part.command, sub]);
        if (h.status !== 0 || !new RegExp(`Usage: ringwatch ${part.command} ${sub}\\b`).test(h.text)) problems.push(`README.md:${c.line}: ringwatch ${part.command} ${sub} does not exist`);
        else texts.push(h.text);
      }
      for (const option of part.options) {
        if (!texts.some((t) => hasOption(t, option))) problems.push(`README.md:${c.line}: ringwatch ${part.command}${part.subcommands.length ? ` ${part.subcommands.join('|')}` : ''} has no ${option}`);
      }
      checked++;
    }
  }
  assert.ok(checked >= 30, `${checked} synopsis parts checked`);
  assert.deepEqual(problems, []);
});

/** An AMLSim-layout file for the README's `publish transactions.csv` (the user's own file there). */
function amlsimFile(path: string): void {
  const rows = ['tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id'];
  const t0 = Date.UTC(2026, 0, 5);
  for (let i = 0; i < 300; i++) {
    const from = `C${(i * 7) % 40}`;
    const to = `C${(i * 13 + 5) % 40}`;
    const amount = ((i * 7919) % 90_000) / 10 + 10;
    rows.push([`TX${i}`, from, to === from ? 'C99' : to, 'TRANSFER', amount.toFixed(2), new Date(t0 + i * 1_800_000).toISOString(), 'false', '-1'].join(','));
  }
  writeFileSync(path, rows.join('\n') + '\n');
}

/** Whether nothing listens on these local ports (the README's commands use 8080 and 4222 as written). */
function portsFree(ports: readonly number[]): boolean {
  const probe = ports.map((p) => `(exec 3<>/dev/tcp/127.0.0.1/${p}) 2>/dev/null && exit 1`).join('; ');
  return spawnSync('bash', ['-c', `${probe}; exit 0`]).status === 0;
}

// A private network namespace when the system allows one (ports 8080 and 4222 are then the
// test's own); else the machine's own, when nothing else holds those ports.
const unshare = spawnSync('unshare', ['-rn', 'true']).status === 0;
const natsServer = spawnSync('sh', ['-c', 'command -v nats-server']).status === 0;
const skipRun = !natsServer ? 'nats-server is not installed'
  : !unshare && !portsFree([8080, 4222]) ? 'no private network namespace (unshare -rn) and ports 8080/4222 are taken here' : false;
if (!natsServer && process.env.CI) throw new Error(`README commands: ${skipRun}`);

test('the README\'s runnable commands run as written, in order: npm start, its probes, reports, paths, ISO 20022, NATS workers', { skip: skipRun, timeout: 900_000 }, () => {
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  for (const entry of ['dist', 'docs', 'node_modules', 'config', 'rules', 'package.json', 'web']) symlinkSync(join(ROOT, entry), join(repo, entry));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // `npx ringwatch` as after `npm install`: the package's bin, dist/src/cli/main.js.
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = ringwatch ] && shift && exec "${process.execPath}" "${MAIN}" "$@"\necho "npx $1: not in this test" >&2; exit 127\n`);
  chmodSync(join(bin, 'npx'), 0o755);
  amlsimFile(join(repo, 'transactions.csv'));
  const logs = join(dir, 'logs');
  mkdirSync(logs);

  const run = commands.filter((c) => classify(c.text) === 'run');
  const lines: string[] = [
    'set -m', // each background job its own process group, stopped whole at the end
    unshare ? 'ip link set lo up' : 'true',
    `cd ${JSON.stringify(repo)}`,
    'cleanup() { for j in $(jobs -p); do kill -TERM -- -$j 2>/dev/null; done; wait 2>/dev/null; }',
    'trap cleanup EXIT',
    'waitfor() { for i in $(seq 1 "$3"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done; echo "timed out waiting for $2 in $1"; cat "$1"; exit 1; }',
    'waitport() { for i in $(seq 1 60); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.5; done; echo "port $1 never opened"; exit 1; }',
  ];
  const ran: string[] = [];
  run.forEach((c, i) => {
    let text = c.text;
    for (const e of EXCUSED) if (e.prefix && text.startsWith(e.text)) text = text.slice(e.text.length);
    if (EXCUSED.some((e) => !e.prefix && e.text === text)) return;
    const log = join(logs, `${i}.log`);
    ran.push(text);
    lines.push(`echo ${JSON.stringify(`README.md:${c.line}: ${text}`)} > ${JSON.stringify(log)}`);
    if (text === 'npm start') {
      // Long-running: started, then the README's next commands probe it; the key it prints is $KEY.
      lines.push(`{ npm start ; } >> ${JSON.stringify(log)} 2>> ${JSON.stringify(log + '.err')} &`);
      lines.push(`waitfor ${JSON.stringify(log)} 'API key for this session' 900`);
      lines.push(`KEY=$(sed -n 's/.*API key for this session[^:]*: \\(rw_[A-Za-z0-9_-]*\\).*/\\1/p' ${JSON.stringify(log)} | head -1); export KEY`);
      lines.push('waitport 8080');
    } else if (text.endsWith('&')) {
      lines.push(`{ ${text.slice(0, -1).trim()} ; } >> ${JSON.stringify(log)} 2>> ${JSON.stringify(log + '.err')} &`);
      if (/^nats-server /.test(text)) lines.push('waitport 4222');
    } else {
      lines.push(`${text} >> ${JSON.stringify(log)} 2>> ${JSON.stringify(log + '.err')} || { echo "failed: ${text.replace(/["$`\\]/g, '\\$&')}"; cat ${JSON.stringify(log)} ${JSON.stringify(log + '.err')}; exit 1; }`);
    }
  });
  // The README says `decisions` equals `score … --out` row for row: the same file, scored here.
  lines.push(`npx ringwatch score transactions.csv --map id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt --out scored.csv > ${JSON.stringify(join(logs, 'score.log'))} 2>&1 || exit 1`);
  const script = join(dir, 'readme.sh');
  writeFileSync(script, lines.join('\n') + '\n');

  const r = spawnSync(unshare ? 'unshare' : 'bash', unshare ? ['-rn', 'bash', script] : [script], {
    encoding: 'utf8', timeout: 880_000, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, RINGWATCH_STORE: '', RINGWATCH_API_KEY: '' },
  });
  assert.equal(r.status, 0, r.stdout.slice(-4000) + r.stderr.slice(-2000));
  assert.ok(ran.includes('npm start') && ran.some((t) => t.startsWith('curl ')) && ran.some((t) => t.startsWith('npx ringwatch worker')), ran.join('\n'));

  // What the commands answered.
  /** What a README command wrote: its standard output (after the harness's header line), or that and its errors. */
  const logOf = (pattern: RegExp, withErrors = true): string => {
    const i = run.findIndex((c) => pattern.test(c.text));
    assert.ok(i >= 0, `a README command matching ${pattern}`);
    const out = readFileSync(join(logs, `${i}.log`), 'utf8').split('\n').slice(1).join('\n');
    const err = existsSync(join(logs, `${i}.log.err`)) ? readFileSync(join(logs, `${i}.log.err`), 'utf8') : '';
    return withErrors ? out + err : out;
  };
  const alerts = JSON.parse(logOf(/^curl -H .*\/v1\/alerts/, false)) as { alerts: unknown[]; total: number };
  assert.ok(alerts.alerts.length === 5 && alerts.total > 1000, 'the demo key reads the demo alerts');
  const iso = JSON.parse(logOf(/iso20022\/pacs\.008/, false)) as { decision?: { id: string; decision: string } };
  assert.equal(iso.decision?.id, 'E2E-README-0001', 'the ISO 20022 example is decided');
  assert.match(logOf(/^npx ringwatch report all/), /ringwatch report: \d+ written, 0 refused/);
  const reports = readdirSync(join(repo, 'reports')).filter((f) => f.endsWith('.XML'));
  assert.ok(reports.length > 100, `${reports.length} PBOC files`);
  const name = reports[0].replace(/^CASE-\d{8}-[0-9A-F]{10}-/, '');
  assert.deepEqual(validatePboc(readFileSync(join(repo, 'reports', reports[0]), 'utf8'), { fileName: name }), []);
  assert.match(logOf(/^npx ringwatch paths --from A01759/), /path\(s\) from A01759/);
  // The NATS workers' decisions are `score`'s, row for row.
  const decided = readFileSync(join(repo, 'decisions.csv'), 'utf8');
  assert.equal(decided.trim().split('\n').length, 301);
  assert.equal(decided, readFileSync(join(repo, 'scored.csv'), 'utf8'));
  assert.ok(existsSync(join(repo, 'ringwatch-data', 'ringwatch.db')), 'npm start kept its store in the default place');
});

test('readmeShellCommands: sh blocks only, continuation lines joined, comments dropped', () => {
  const text = 'prose\n```sh\nnpx ringwatch a \\\n  --b c   # why\n                [--d E]\n# a comment line\n\nx=1\n```\n```\nsrc/x  listing\n```\n';
  assert.deepEqual(readmeShellCommands(text), [{ text: 'npx ringwatch a --b c [--d E]', line: 3 }, { text: 'x=1', line: 8 }]);
  assert.equal(classify('npx ringwatch score FILE [--out F]'), 'synopsis');
  assert.equal(classify('npx ringwatch paths --from A01759 --upstream'), 'run');
  assert.equal(classify('curl -H "Authorization: Bearer $KEY" \'http://127.0.0.1:8080/v1/alerts?limit=5\''), 'run');
  assert.equal(classify('npx ringwatch screen $D/queries.csv --list $D/list_sdn.csv'), 'datasets');
  assert.deepEqual(synopsisParts('npx ringwatch keys list | add NAME [--scopes a,b] | revoke ID   [--store URL]'), [
    { command: 'keys', subcommands: ['list', 'add', 'revoke'], options: ['--scopes', '--store'] },
  ]);
  assert.deepEqual(synopsisParts('npx ringwatch rings / paths                          (see below)').map((p) => p.command), ['rings', 'paths']);
});
