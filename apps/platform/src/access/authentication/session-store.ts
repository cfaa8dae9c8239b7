import type { Role } from '@peps/domain';
import type { SqlDatabase } from '@peps/sql';
import type { RequestContext } from '@peps/runtime';
import { newSecretToken, tokenHash } from '../../shell/command-side/secret-token.js';
import type { SecurityAudit, SessionEndReason } from '@peps/runtime';

export interface SessionRecord {
  tokenHash: string;
  csrfHash: string;
  accountId: string;
  identifier: string;
  roles: Role[];
  employerId: string | null;
  displayName: string;
  checkedVersion: number;
  lastSeenAt: Date;
  expiresAt: Date;
  /** The last second factor verified in this session (at sign-in or step-up); null when none was asked. */
  secondFactorVerifiedAt: Date | null;
}

/** Whose session opens, and the version of their stream it was checked against. */
export interface SessionAccount {
  accountId: string;
  identifier: string;
  roles: Role[];
  employerId: string | null;
  displayName: string;
  version: number;
}

/** A live session as found for a request. */
export interface FoundSession extends SessionRecord {
  /** The version of the account's stream now, when the log is in the same database and was read with the session. */
  streamVersion?: number;
  /** The same for the employer's stream (employer accounts): a cached employer state at that version is current. */
  employerStreamVersion?: number;
}

/** SQL of a stream's version, given the SQL naming the session's account id or employer id (same-database log). */
export interface SessionStreamVersionsSql {
  account(accountIdSql: string): string;
  employer(employerIdSql: string): string;
}

/** Why a session ends and who ended it (the audit trail records both, ASVS 16.3.1). */
export interface SessionEnd {
  reason?: SessionEndReason;
  context?: RequestContext;
}

/** The short session id that requests carry (`AuthenticatedActor.sessionId`) and the audit trail shows. */
export const sessionIdOf = (hash: string): string => hash.slice(0, 16);

export interface NewSession {
  token: string;
  csrfToken: string;
  record: SessionRecord;
}

/**
 * A write of another table of the same database (a data-modifying CTE, its parameters numbered from `$12`) that must
 * succeed for the session to open: one statement for both, and no session when the guard changed no row.
 */
export interface SessionGuard {
  sql: string;
  params: unknown[];
}

/** Where a guard's own parameters start (the session's insert takes $1 to $11). */
export const SESSION_GUARD_FIRST_PARAMETER = 12;

/**
 * Sessions in SQL so the HTTP tier stays stateless: only SHA-256 digests of the session and CSRF tokens are kept.
 * Idle timeout and absolute lifetime come from the configuration; a session dies at once when its row is deleted.
 * Every end is recorded as `security.session-ended` (see security-audit.ts), off the request's critical path.
 */
export class SessionStore {
  private readonly findSql: string;

  /**
   * `streamVersionsSql`: the SQL of the versions of the session's account and employer streams — when the event log
   * is in the same database, so the guard's re-check and the employer's cached state cost no round trip of their own.
   */
  constructor(
    private readonly db: SqlDatabase,
    private readonly limits: { idleMinutes: number; absoluteHours: number },
    private readonly audit?: SecurityAudit,
    streamVersionsSql?: SessionStreamVersionsSql,
  ) {
    const version = streamVersionsSql
      ? `, ${streamVersionsSql.account('s.account_id')} as stream_version, ${streamVersionsSql.employer('s.employer_id')} as employer_stream_version`
      : '';
    this.findSql = `select s.*${version} from auth.sessions s where s.token_hash = $1`;
  }

  async open(
    account: SessionAccount,
    now: Date,
    secondFactorVerifiedAt: Date | null = null,
  ): Promise<NewSession> {
    return (await this.insert(account, now, secondFactorVerifiedAt))!;
  }

  /** As open(), in the guard's statement: undefined, and no session, when the guard changed nothing. */
  openGuarded(account: SessionAccount, now: Date, secondFactorVerifiedAt: Date | null, guard: SessionGuard): Promise<NewSession | undefined> {
    return this.insert(account, now, secondFactorVerifiedAt, guard);
  }

  private async insert(account: SessionAccount, now: Date, secondFactorVerifiedAt: Date | null, guard?: SessionGuard): Promise<NewSession | undefined> {
    const token = newSecretToken();
    const csrfToken = newSecretToken();
    const record: SessionRecord = {
      tokenHash: tokenHash(token),
      csrfHash: tokenHash(csrfToken),
      accountId: account.accountId,
      identifier: account.identifier,
      roles: account.roles,
      employerId: account.employerId,
      displayName: account.displayName,
      checkedVersion: account.version,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.limits.absoluteHours * 3_600_000),
      secondFactorVerifiedAt,
    };
    const columns = `insert into auth.sessions (token_hash, csrf_hash, account_id, identifier, roles, employer_id, display_name,
         checked_version, created_at, last_seen_at, expires_at, second_factor_verified_at)`;
    const values = [
      record.tokenHash,
      record.csrfHash,
      record.accountId,
      record.identifier,
      record.roles,
      record.employerId,
      record.displayName,
      record.checkedVersion,
      now.toISOString(),
      record.expiresAt.toISOString(),
      secondFactorVerifiedAt?.toISOString() ?? null,
    ];
    if (!guard) {
      await this.db.query(`${columns} values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11)`, values);
      return { token, csrfToken, record };
    }
    const { rows } = await this.db.query(
      `with guard as (${guard.sql})
       ${columns} select $1, $2, $3, $4, $5::text[], $6::uuid, $7, $8::integer, $9::timestamptz, $9::timestamptz, $10::timestamptz, $11::timestamptz
       where exists (select 1 from guard) returning token_hash`,
      [...values, ...guard.params],
    );
    return rows.length > 0 ? { token, csrfToken, record } : undefined;
  }

  /** The live session of a token, or undefined (unknown, idle too long, past its absolute end). */
  async find(token: string, now: Date): Promise<FoundSession | undefined> {
    const { rows } = await this.db.query<Record<string, unknown>>(this.findSql, [tokenHash(token)]);
    const row = rows[0];
    if (!row) return undefined;
    const record: FoundSession = {
      ...toRecord(row),
      // A stream not written yet has version 0, as EventStore.streamVersion says.
      ...('stream_version' in row ? { streamVersion: row.stream_version === null ? 0 : Number(row.stream_version) } : {}),
      ...(row.employer_stream_version !== undefined && row.employer_id !== null
        ? { employerStreamVersion: row.employer_stream_version === null ? 0 : Number(row.employer_stream_version) }
        : {}),
    };
    const idleEnd = record.lastSeenAt.getTime() + this.limits.idleMinutes * 60_000;
    if (now.getTime() >= record.expiresAt.getTime() || now.getTime() >= idleEnd) {
      const reason = now.getTime() >= record.expiresAt.getTime() ? 'absolute-timeout' : 'idle-timeout';
      await this.end(record.tokenHash, { reason });
      return undefined;
    }
    return record;
  }

  /** The session of a token digest (a step-up challenge keeps the digest of its session), without touching it. */
  async findByHash(hash: string): Promise<SessionRecord | undefined> {
    const { rows } = await this.db.query<Record<string, unknown>>('select * from auth.sessions where token_hash = $1', [hash]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async touch(hash: string, now: Date, checkedVersion: number): Promise<void> {
    await this.db.query('update auth.sessions set last_seen_at = $2, checked_version = $3 where token_hash = $1', [
      hash,
      now.toISOString(),
      checkedVersion,
    ]);
  }

  /** A step-up verified: sensitive actions are allowed for the next STEP_UP_WINDOW_MINUTES of this session. */
  async markSecondFactorVerified(hash: string, at: Date): Promise<void> {
    await this.db.query('update auth.sessions set second_factor_verified_at = $2 where token_hash = $1', [hash, at.toISOString()]);
  }

  /** Ends one session (logout, rotation, timeout); `how` says why and who, for the audit trail. */
  async end(hash: string, how: SessionEnd = {}): Promise<void> {
    const { rows } = await this.db.query<EndedRow>('delete from auth.sessions where token_hash = $1 returning token_hash, account_id, employer_id', [hash]);
    this.recordEnded(rows, how);
  }

  /**
   * Deletion, closure, lock, deactivation, cancelled registration, new password: every session of the account ends
   * now. Without a reason, the audit trail takes the account event that caused it (see SecurityAudit.sessionsEnded).
   */
  async endAllOf(accountId: string, how: SessionEnd = {}): Promise<number> {
    const { rows } = await this.db.query<EndedRow>('delete from auth.sessions where account_id = $1 returning token_hash, account_id, employer_id', [
      accountId,
    ]);
    this.recordEnded(rows, how);
    return rows.length;
  }

  private recordEnded(rows: EndedRow[], how: SessionEnd): void {
    if (!this.audit || rows.length === 0) return;
    const first = rows[0];
    this.audit.sessionsEnded(
      { accountId: String(first.account_id), employerId: (first.employer_id as string | null) ?? null, sessionIds: rows.map((r) => sessionIdOf(String(r.token_hash))) },
      how,
    );
  }
}

interface EndedRow {
  token_hash: unknown;
  account_id: unknown;
  employer_id: unknown;
}

function toRecord(row: Record<string, unknown>): SessionRecord {
  return {
    tokenHash: String(row.token_hash),
    csrfHash: String(row.csrf_hash),
    accountId: String(row.account_id),
    identifier: String(row.identifier),
    roles: parseRoles(row.roles),
    employerId: (row.employer_id as string | null) ?? null,
    displayName: String(row.display_name),
    checkedVersion: Number(row.checked_version),
    lastSeenAt: new Date(row.last_seen_at as string),
    expiresAt: new Date(row.expires_at as string),
    secondFactorVerifiedAt: row.second_factor_verified_at ? new Date(row.second_factor_verified_at as string) : null,
  };
}

function parseRoles(raw: unknown): Role[] {
  if (Array.isArray(raw)) return raw as Role[];
  // Some drivers hand text[] back as '{a,b}'.
  return String(raw).replace(/^\{|\}$/g, '').split(',').filter(Boolean) as Role[];
}
