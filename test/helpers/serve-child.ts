import { spawn, type ChildProcess } from 'node:child_process';
import { MAIN } from './harness.js';

/** `ringwatch serve` in a child process, as an operator runs it (tests that kill it or read its output). */
export interface ChildServer {
  child: ChildProcess;
  base: string;
  /** What the server printed up to a moment after it began listening (first-run lines included). */
  lines: string;
  /** Settles when the child exits, however it ends (listened for from the start). */
  exited: Promise<unknown>;
}

/**
 * Starts `ringwatch serve --db DB --port 0 [args]` (with RINGWATCH_API_KEY=`key` when given) and
 * resolves once it listens; rejects with its output if it exits or does not listen within `timeoutMs`.
 */
export function spawnServer(db: string, key?: string, options: { args?: readonly string[]; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--db', db, '--port', '0', ...(options.args ?? [])], {
    env: { ...process.env, ...options.env, ...(key === undefined ? {} : { RINGWATCH_API_KEY: key }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Listen for the exit from the start: a killed child may exit before anyone awaits it.
  const exited = new Promise((r) => child.once('exit', r));
  return new Promise((resolve, reject) => {
    let out = '';
    let listening = false;
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), options.timeoutMs ?? 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && !listening) {
        listening = true;
        clearTimeout(timer);
        // The lines printed after "listening" arrive in the same write or just after.
        setTimeout(() => resolve({ child, base: m[1], lines: out, exited }), 100);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      if (!listening) {
        clearTimeout(timer);
        reject(new Error(`server exited ${code}: ${out}`));
      }
    });
  });
}
