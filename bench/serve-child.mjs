// One `ringwatch serve` in a child process for the HTTP benchmarks: a fresh SQLite store at
// `db`, the given durability, a fixed API key (and any `extra` serve arguments); resolves once it
// listens, with its URL. BENCH_SERVER_PROF=DIR writes the server's CPU profile there (`--cpu-prof`),
// BENCH_SERVER_NODE_FLAGS adds Node flags (e.g. "--trace-gc-nvp"), BENCH_SERVER_ARGS `serve` arguments
// (e.g. "--heap-growth 0"), BENCH_SERVER_LOG=FILE keeps its stdout.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

export const BENCH_KEY = 'rw_bench_key';

export function startServer(db, durability, extra = []) {
  const prof = process.env.BENCH_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_SERVER_PROF] : [];
  const flags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const args = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, ...prof, 'dist/src/cli/main.js', 'serve', '--db', db, '--port', '0', '--durability', durability, ...args, ...extra], {
    env: { ...process.env, RINGWATCH_API_KEY: BENCH_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const log = process.env.BENCH_SERVER_LOG;
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      if (log) appendFileSync(log, d);
      if (out.length > 65_536) return;
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}
