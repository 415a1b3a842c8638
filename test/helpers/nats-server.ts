import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's nats-server, if installed (PATH, then /usr/sbin). */
export function natsServerBinary(): string | undefined {
  const which = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  return ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((p) => existsSync(p));
}

/**
 * Why the stream tests cannot run here, or undefined when they can. Under CI they must run:
 * a missing nats-server is then a failure, not a skip.
 */
export function natsSkipReason(): string | undefined {
  if (natsServerBinary()) return undefined;
  if (process.env.CI === 'true') throw new Error('nats-server is not installed (CI must run the stream tests: .ci/run installs it)');
  const reason = 'nats-server is not installed (apt-get install nats-server); stream tests skipped';
  process.stdout.write(`# ${reason}\n`);
  return reason;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = a && typeof a === 'object' ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** A JetStream nats-server on a free loopback port with its store in a temporary folder; restartable. */
export class TestNats {
  private proc?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'rw-nats-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<TestNats> {
    const n = new TestNats(await freePort());
    await n.startProcess();
    return n;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  private async startProcess(): Promise<void> {
    const bin = natsServerBinary();
    if (!bin) throw new Error('nats-server is not installed');
    this.proc = spawn(bin, ['-js', '-sd', join(this.dir, 'js'), '-a', '127.0.0.1', '-p', String(this.port)], { stdio: 'ignore' });
    // A loaded machine (several test suites at once) can take long to start it and recover JetStream.
    const deadline = Date.now() + 60_000;
    while (!(await accepting(this.port))) {
      if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${this.port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Kills the server (SIGKILL unless told otherwise) and waits for it to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await gone;
  }

  /** Kills the server and starts it again on the same port and store folder. */
  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.kill(signal);
    await this.startProcess();
  }

  /** Starts a killed server again on the same port and store folder. */
  async revive(): Promise<void> {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) throw new Error('nats-server is still running');
    await this.startProcess();
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
