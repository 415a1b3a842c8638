import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { MAIN } from '../helpers/harness.js';

/**
 * The README's examples on the development sets, run exactly as written (from a copy of the
 * repository's layout whose `../shared/datasets` is the real one). Skipped where the sets are not
 * beside the repository. Commands that change the shipped configuration (`--save`) are left out.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** `../shared` beside the repository (RINGWATCH_SHARED names another place, e.g. for a worktree). */
const SHARED = process.env.RINGWATCH_SHARED ?? resolve(ROOT, '../shared');
const DATASETS = join(SHARED, 'datasets');
const missing = !existsSync(join(DATASETS, 'amlsim_dev_a/transactions.csv'));

/** Shell commands in the README's code blocks (continuation lines joined). */
export function readmeCommands(text: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  let pending = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) {
      inBlock = !inBlock;
      pending = '';
      continue;
    }
    if (!inBlock) continue;
    const joined = pending + line.trim();
    if (joined.endsWith('\\')) {
      pending = joined.slice(0, -1).trimEnd() + ' ';
      continue;
    }
    pending = '';
    if (joined !== '') out.push(joined);
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'rw-readme-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('README examples on the development sets run as written and score every row', { skip: missing && 'no ../shared/datasets beside the repository', timeout: 600_000 }, () => {
  // dir/repo mirrors the repository (what the commands read); dir/shared is the real ../shared.
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  for (const entry of ['dist', 'docs', 'node_modules', 'config', 'rules', 'package.json']) symlinkSync(join(ROOT, entry), join(repo, entry));
  symlinkSync(realpathSync(SHARED), join(dir, 'shared'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'ringwatch'), `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`);
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = ringwatch ] && shift && exec "${join(bin, 'ringwatch')}" "$@"\necho "npx $1: not in this test" >&2; exit 127\n`);
  for (const f of ['ringwatch', 'npx']) chmodSync(join(bin, f), 0o755);

  const lines = readmeCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  const vars = lines.filter((l) => /^[A-Z]+=\S*datasets\S*$/.test(l));
  const commands = lines.filter((l) => /^(npx )?ringwatch /.test(l) && /datasets|\$[A-Z]/.test(l) && !/ --save\b/.test(l));
  assert.ok(commands.length >= 3, `found the dataset examples: ${commands.join(' | ')}`);
  for (const command of commands) {
    const r = spawnSync('bash', ['-c', [...vars, command].join('\n')], {
      cwd: repo, encoding: 'utf8', timeout: 300_000, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    assert.equal(r.status, 0, `${command}\n${r.stderr.slice(-2000)}`);
    assert.doesNotMatch(r.stderr, /rejected=[1-9]/, `${command}: no row rejected`);
  }
});

test('readmeCommands joins continued lines and skips prose', () => {
  assert.deepEqual(readmeCommands('text\n```sh\nringwatch a \\\n  --b c\n\nx=1\n```\nmore'), ['ringwatch a --b c', 'x=1']);
});
