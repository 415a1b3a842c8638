import { connect, RetentionPolicy, StorageType, type JetStreamManager, type NatsConnection } from 'nats';

/** A stream name JetStream accepts and that makes safe subject tokens. */
const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function checkStreamName(name: string): string {
  if (!STREAM_NAME.test(name)) throw new Error(`--stream must be 1-64 letters, digits, '_' or '-', got ${JSON.stringify(name)}`);
  return name;
}

/**
 * The subjects of a Ringwatch stream: transactions and list changes (both stored by JetStream, in
 * one stream so one sequence orders them) and decision notices (core NATS only).
 */
export function subjects(stream: string): { transactions: string; lists: string; decided: string } {
  return { transactions: `ringwatch.${stream}.tx`, lists: `ringwatch.${stream}.list`, decided: `ringwatch.${stream}.decided` };
}

/** How long JetStream remembers message ids to drop a republished transaction. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/**
 * Connects to NATS for a long-running role: reconnects forever (a restarted server is waited
 * for; JetStream keeps what it acknowledged), names the connection for the server's monitoring.
 */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  const servers = url.split(',').map((s) => s.trim().replace(/^nats:\/\//, '')).filter(Boolean);
  if (servers.length === 0) throw new Error('--nats needs a server URL, e.g. nats://127.0.0.1:4222');
  try {
    return await connect({ servers, name, maxReconnectAttempts: -1, reconnectTimeWait: 250, timeout: 5000, waitOnFirstConnect: false });
  } catch (err) {
    throw new Error(`cannot connect to NATS at ${url}: ${(err as Error).message}`);
  }
}

/**
 * Creates the stream if it is missing (file storage, everything kept: workers rebuild their
 * state by reading it from the start), and checks an existing one carries our subjects (a stream
 * made before list changes went through it gets the list subject added).
 */
export async function ensureStream(jsm: JetStreamManager, stream: string): Promise<void> {
  const { transactions: subject, lists } = subjects(stream);
  try {
    const info = await jsm.streams.info(stream);
    const carried = info.config.subjects ?? [];
    if (!carried.includes(subject)) {
      throw new Error(`NATS stream ${stream} exists but does not carry ${subject}; choose another --stream`);
    }
    if (!carried.includes(lists)) await jsm.streams.update(stream, { ...info.config, subjects: [...carried, lists] });
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await jsm.streams.add({
    name: stream,
    subjects: [subject, lists],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: DUPLICATE_WINDOW_MS * 1_000_000,
  });
}

/** The stream's last sequence number (0 when empty). */
export async function lastSequence(jsm: JetStreamManager, stream: string): Promise<number> {
  return (await jsm.streams.info(stream)).state.last_seq;
}

export function isNotFound(err: unknown): boolean {
  const e = err as { code?: string; api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === 10059 || /stream not found/i.test(e?.message ?? '');
}

/** Waits `ms` (backing off between retries). */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
