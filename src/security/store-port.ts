import type { Role } from './roles.js';

/**
 * The storage port of the security modules: what the audit chain, users and sessions need from a
 * store, and nothing more. `src/store/sqlite-security.ts` implements it on the engine's SQLite
 * file; a PostgreSQL or in-memory adapter implements the same interface. The security modules
 * never see SQL.
 */

// ---------------------------------------------------------------------------------------------
// Audit chain

/** One stored audit row, exactly as stored: `details` is its canonical JSON text. */
export interface AuditRow {
  /** 1, 2, 3, … with no gaps; assigned from the head inside the write transaction. */
  seq: number;
  /** ISO-8601 UTC, e.g. 2026-01-31T08:15:00.000Z. */
  time: string;
  /** Who acted: a user (`user:<username>`) or an API key (`key:<id>`). */
  actor: string;
  action: string;
  /** What was acted on (a case id, a username, a list name); null when nothing in particular. */
  subject: string | null;
  /** Canonical JSON text (see canonical-json.ts). */
  details: string;
  /** The hash of row seq − 1; 64 zeros for row 1. */
  prev_hash: string;
  /** Lower-case hex SHA-256, see audit-chain.ts for exactly what it covers. */
  hash: string;
}

/** A signed statement "the chain's head at `seq` is `head_hash`". */
export interface AuditCheckpoint {
  /** 1, 2, 3, … with no gaps. */
  id: number;
  /** The last row covered; 0 for a checkpoint of the empty chain. */
  seq: number;
  head_hash: string;
  time: string;
  /** Signature algorithm, 'ML-DSA-65'. */
  alg: string;
  /** Which key signed: hex of the first 16 bytes of SHA-256 of the public key. */
  key_id: string;
  signature: Uint8Array;
}

/** Where the chain stands: its last row and its last checkpoint. */
export interface AuditHead {
  /** 0 and 64 zeros while the chain is empty. */
  seq: number;
  hash: string;
  /** Id and covered seq of the last checkpoint; 0 and −1 when there is none. */
  checkpointId: number;
  checkpointSeq: number;
}

/** What one atomic audit write stores: consecutive rows (in seq order), checkpoints, or both. */
export interface AuditWrite {
  rows?: AuditRow[];
  checkpoint?: AuditCheckpoint;
  /** Several checkpoints (in id order, after `checkpoint` when both are given). */
  checkpoints?: AuditCheckpoint[];
}

export interface AuditStore {
  /**
   * Reads the head, calls `build` with it and stores what it returns, all in one write
   * transaction, so concurrent writers (even in other processes) cannot fork the chain. `build`
   * must be synchronous and may throw to store nothing. Audit rows and checkpoints are only ever
   * inserted, never updated or deleted.
   */
  writeAudit(build: (head: AuditHead) => AuditWrite): Promise<AuditWrite>;
  /** Rows with seq > `afterSeq`, in seq order, at most `limit`. */
  auditRows(afterSeq: number, limit: number): Promise<AuditRow[]>;
  /** Checkpoints with id > `afterId`, in id order, at most `limit`. */
  auditCheckpoints(afterId: number, limit: number): Promise<AuditCheckpoint[]>;
}

// ---------------------------------------------------------------------------------------------
// Users and sessions

export interface UserRecord {
  /** Stable opaque id ('u_…'); usernames may be shown, ids are what sessions point at. */
  id: string;
  /** Lower-case, unique. */
  username: string;
  display_name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash`, see passwords.ts. */
  password_hash: string;
  must_change_password: boolean;
  disabled: boolean;
  /** ISO-8601 UTC. */
  created_at: string;
  updated_at: string;
  password_changed_at: string;
}

export type UserPatch = Partial<
  Pick<UserRecord, 'display_name' | 'role' | 'password_hash' | 'must_change_password' | 'disabled' | 'password_changed_at'>
> & { updated_at: string };

export interface SessionRecord {
  /** Hex SHA-256 of the session token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  /** Epoch milliseconds. */
  created_at: number;
  last_seen_at: number;
  /** Idle expiry: last_seen_at + the idle timeout. */
  expires_at: number;
  /** Hard limit from created_at, however active the session. */
  absolute_expires_at: number;
}

export interface UserStore {
  /** Inserts a new user; false (and nothing stored) when the username or id is taken. */
  insertUser(user: UserRecord): Promise<boolean>;
  findUser(username: string): Promise<UserRecord | undefined>;
  findUserById(id: string): Promise<UserRecord | undefined>;
  /** All users, by username. */
  listUsers(): Promise<UserRecord[]>;
  countUsers(): Promise<number>;
  /** Applies `patch` to the user with `id`; false when there is no such user. */
  updateUser(id: string, patch: UserPatch): Promise<boolean>;

  insertSession(session: SessionRecord): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRecord | undefined>;
  touchSession(tokenHash: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<boolean>;
  /** Deletes every session of one user; returns how many. */
  deleteUserSessions(userId: string): Promise<number>;
  /** Deletes every session expired at `now` (idle or absolute); returns how many. */
  deleteExpiredSessions(now: number): Promise<number>;
}

/** Everything the security modules store. */
export interface SecurityStore extends AuditStore, UserStore {}
