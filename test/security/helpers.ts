import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditSigner, generateAuditKey, type AuditSigner } from '../../src/security/audit-keys.js';
import type { ScryptParams } from '../../src/security/passwords.js';
import { SqliteSecurityStore } from '../../src/store/sqlite-security.js';
import { createRng } from '../../src/ml/prng.js';

/** Cheap scrypt cost so user tests stay fast; the cost itself is tested in passwords.test.ts. */
export const FAST_SCRYPT: ScryptParams = { N: 1024, r: 8, p: 1 };

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `rw-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A store on a fresh database file in a fresh directory. */
export function fileStore(prefix: string): { path: string; store: SqliteSecurityStore; cleanup: () => Promise<void> } {
  const { dir, cleanup } = tempDir(prefix);
  const path = join(dir, 'ringwatch.db');
  const store = new SqliteSecurityStore(path);
  return { path, store, cleanup: async () => (await store.close(), cleanup()) };
}

/** A deterministic signer (seed bytes all `byte`). */
export function testSigner(byte = 7): AuditSigner {
  return auditSigner(generateAuditKey(new Uint8Array(32).fill(byte)));
}

/** Deterministic pseudo-random numbers in [0, 1) for property tests (the engine's own mulberry32). */
export const prng = createRng;

/** A manual clock. */
export function manualClock(start = Date.UTC(2026, 0, 15, 9, 0, 0)): { now: () => number; date: () => Date; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, date: () => new Date(t), advance: (ms) => void (t += ms) };
}
