import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAIN, type CliResult } from '../helpers/harness.js';

/** `ringwatch ARGS…` run in `cwd` as a user would (no RINGWATCH_STORE unless given). */
function rw(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const base = { ...process.env };
  delete base.RINGWATCH_STORE;
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...base, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const DEMO = ['demo', '--no-serve', '--transactions', '3000', '--accounts', '300', '--days', '10'];

test('demo, users, lists, rings, paths and audit share one default store; the demo keeps it unless --reset and says which', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'rw-default-'));
  try {
    const first = rw(cwd, DEMO);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /into \.\/ringwatch-data\/ringwatch\.db/);
    assert.deepEqual(readdirSync(join(cwd, 'ringwatch-data')).filter((f) => f.endsWith('.db')), ['ringwatch.db']);

    const added = rw(cwd, ['users', 'add', 'ana', '--role', 'analyst']);
    assert.equal(added.status, 0, added.stderr);
    assert.match(rw(cwd, ['users', 'list']).stdout, /^ana\tanalyst\tactive$/m);
    assert.equal(rw(cwd, ['lists', 'add', 'account', 'A00001', '--reason', 'test']).status, 0);
    assert.match(rw(cwd, ['lists', 'show']).stdout, /blacklist,account,A00001,test/);
    const rings = rw(cwd, ['rings', '--algorithm', 'components', '--top', '1']);
    assert.equal(rings.status, 0, rings.stderr);
    const paths = rw(cwd, ['paths', '--from', 'A00001', '--upstream']);
    assert.equal(paths.status, 0, paths.stderr);
    const verify = rw(cwd, ['audit', 'verify']);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /audit log intact/);
    assert.match(rw(cwd, ['audit', 'show']).stdout, /user\.create\tuser:ana/);

    // Again: the store is kept, with the user and the list entry.
    const second = rw(cwd, DEMO);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /keeping the existing store at \.\/ringwatch-data\/ringwatch\.db \(\d+ transactions/);
    assert.doesNotMatch(second.stdout, /generated/);
    assert.match(rw(cwd, ['users', 'list']).stdout, /^ana\t/m);

    // --reset starts anew, and says so.
    const reset = rw(cwd, [...DEMO, '--reset']);
    assert.equal(reset.status, 0, reset.stderr);
    assert.match(reset.stdout, /--reset: deleted the store at \.\/ringwatch-data\/ringwatch\.db/);
    assert.match(reset.stdout, /generated \d+ transactions/);
    assert.doesNotMatch(rw(cwd, ['users', 'list']).stdout, /ana/);
    assert.doesNotMatch(rw(cwd, ['lists', 'show']).stdout, /A00001,test/);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('RINGWATCH_STORE moves the default for every command; --store and --db override it', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'rw-env-'));
  try {
    const env = { RINGWATCH_STORE: join(cwd, 'elsewhere', 'rw.db') };
    assert.equal(rw(cwd, ['users', 'add', 'bo', '--role', 'auditor'], env).status, 0);
    assert.ok(existsSync(env.RINGWATCH_STORE));
    assert.ok(!existsSync(join(cwd, 'ringwatch-data', 'ringwatch.db')));
    assert.match(rw(cwd, ['users', 'list'], env).stdout, /^bo\tauditor/m);
    assert.match(rw(cwd, ['users', 'list', '--store', `sqlite:${env.RINGWATCH_STORE}`]).stdout, /^bo\tauditor/m);
    assert.match(rw(cwd, ['users', 'list', '--db', env.RINGWATCH_STORE]).stdout, /^bo\tauditor/m);
    const both = rw(cwd, ['users', 'list', '--db', 'a.db', '--store', 'b.db']);
    assert.notEqual(both.status, 0);
    assert.match(both.stderr, /give --store or --db, not both/);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('read commands refuse a store that does not exist and create nothing; a mistyped URL fails before anything is made', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'rw-missing-'));
  try {
    for (const args of [
      ['rings'], ['paths', '--from', 'A1'], ['users', 'list'], ['audit', 'verify'], ['audit', 'show'], ['lists', 'show'],
      ['keys', 'list'], ['parties', 'screen', '--stored', 'x'], ['rings', '--db', 'ringwatch-data/typo.db'],
    ]) {
      const r = rw(cwd, args);
      assert.notEqual(r.status, 0, args.join(' '));
      assert.match(r.stderr, /no Ringwatch store at .*(ringwatch|typo)\.db \(the file does not exist\)/, args.join(' '));
    }
    for (const url of ['postgress://rw@localhost/ringwatch', 'sqlit:ringwatch-data/x.db']) {
      for (const args of [['serve', '--store', url, '--port', '0'], ['users', 'add', 'x', '--role', 'analyst', '--store', url], ['score', 'none.csv', '--store', url], ['demo', '--no-serve', '--store', url]]) {
        const r = rw(cwd, args);
        assert.equal(r.status, 1, args.join(' '));
        assert.match(r.stderr, /unknown kind of store "(postgress|sqlit):"; give a file path, sqlite:PATH or postgres:\/\//, args.join(' '));
      }
    }
    assert.deepEqual(readdirSync(cwd), []);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('serve says when it starts a new, empty store, and names the store it serves', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'rw-serve-new-'));
  try {
    const out = async (): Promise<string> => {
      const child = spawn(process.execPath, [MAIN, 'serve', '--store', 'sqlite:data/rw.db', '--port', '0', '--durability', 'normal'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line: ${text}`)), 60_000);
        const take = (b: Buffer): void => {
          text += b.toString();
          if (text.includes('listening on')) (clearTimeout(timer), resolve());
        };
        child.stdout.on('data', take);
        child.stderr.on('data', take);
      });
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      return text;
    };
    const first = await out();
    assert.match(first, /no store at data\/rw\.db: started a new, empty one/);
    assert.match(first, /store data\/rw\.db: replayed 0 transactions/);
    const second = await out();
    assert.doesNotMatch(second, /started a new/);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
