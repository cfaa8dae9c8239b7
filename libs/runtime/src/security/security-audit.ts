import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Role } from '@peps/domain';
import type { EventMetadata, EventStore, NewEvent, RecordedEvent } from '@peps/event-store';
import type { PlatformClock } from '../clock/platform-clock.js';
import { accountStream } from '@peps/domain';
import { actorLabel, type AuthenticatedActor, type RequestContext } from './request-context.js';
import { redactForLog } from './log-redaction.js';

/**
 * Security decisions that are not account events (ASVS 16.3): a session that ends, an access refused, an operator's
 * sign-in, lock and unlock (operators have no account stream). One stream per account, `security-<accountId>`, and
 * `security-anonymous` when nobody is signed in; fixed type names, schema version 1, appended with
 * expectedVersion `any` (nothing is decided from these streams, so there is no conflict to detect).
 */
export const SECURITY_EVENT_TYPES = {
  sessionEnded: 'security.session-ended',
  accessRefused: 'security.access-refused',
  operatorSignedIn: 'security.operator-signed-in',
  operatorSignInFailed: 'security.operator-sign-in-failed',
  operatorLocked: 'security.operator-locked',
  operatorUnlocked: 'security.operator-unlocked',
  operatorSecondFactorChanged: 'security.operator-second-factor-changed',
} as const;
export const SECURITY_SCHEMA_VERSION = 1;

export type SessionEndReason =
  | 'logout'
  | 'signed-in-again'
  | 'idle-timeout'
  | 'absolute-timeout'
  | 'account-deleted'
  | 'registration-cancelled'
  | 'account-locked'
  | 'account-deactivated'
  | 'password-changed'
  | 'account-changed'
  /** A second factor verified for a sensitive action: the session is replaced by a fresh one. */
  | 'second-factor-step-up';

export interface SessionEndedData {
  accountId: string;
  employerId: string | null;
  /** First 16 hex digits of the session token's SHA-256 (the `sessionId` every request of that session carried). */
  sessionIds: string[];
  reason: SessionEndReason;
  endedAt: string;
  /** Stream and version of the account event that ended the sessions, when one did. */
  cause: { stream: string; version: number; type: string } | null;
}

export interface AccessRefusedData {
  accountId: string | null;
  employerId: string | null;
  sessionId: string | null;
  /** Roles of the session (as at sign-in). */
  roles: Role[];
  method: string;
  /** The route as Nest registered it (`/api/accounts/:id`), and the request path without its query string. */
  route: string | null;
  path: string;
  status: number;
  code: string;
  /** Roles the route asks for, when the refusal is the route's role rule. */
  requiredRoles: Role[] | null;
  refusedAt: string;
}

export interface OperatorSignInData {
  accountId: string;
  identifier: string;
  at: string;
  /** On a failure: a wrong password, or the right one refused because the operator is locked. */
  reason?: 'wrong-password' | 'wrong-second-factor' | 'locked';
  /** On a failure: failed sign-ins in a row so far (absent when the password was right). */
  consecutiveFailures?: number;
}

export interface OperatorLockedData {
  accountId: string;
  identifier: string;
  lockedAt: string;
  reason: 'too-many-failed-sign-ins';
  consecutiveFailures: number;
}

export interface OperatorUnlockedData {
  accountId: string;
  identifier: string;
  unlockedAt: string;
  /** The DRS operator who unlocked (their account id), or `cli` for `npm run cli -- operator:unlock`. */
  unlockedBy: string;
}

/**
 * What an operator changed in their own second factor. An employer account's changes are events of its stream; an
 * operator's live in `auth.operator_*` tables, so the security log is where they are on record.
 */
export type OperatorSecondFactorChange = 'totp-enrolled' | 'totp-removed' | 'passkey-registered' | 'passkey-removed' | 'workstation-revoked';

export interface OperatorSecondFactorChangedData {
  accountId: string;
  identifier: string;
  change: OperatorSecondFactorChange;
  /** The passkey or the workstation concerned, for the changes that name one. */
  subjectId?: string;
  at: string;
}

/** `security-<accountId>`, or `security-anonymous`: names the event store accepts. */
export function securityStream(accountId: string | null | undefined): string {
  return accountId && /^[A-Za-z0-9_.:@-]+$/.test(accountId) && !accountId.startsWith('-') && !accountId.endsWith('-') && !accountId.includes('--')
    ? `security-${accountId}`
    : 'security-anonymous';
}

/** The account event that most probably ended an account's sessions, newest first. */
const CAUSES: Record<string, SessionEndReason> = {
  'account.deleted': 'account-deleted',
  'account.administrator-registration-cancelled': 'registration-cancelled',
  'account.locked': 'account-locked',
  'account.deactivated': 'account-deactivated',
  'account.password-reset': 'password-changed',
  'account.password-created': 'password-changed',
};

interface Entry {
  stream: string;
  event: NewEvent;
}

/**
 * Writes the security events. `record` appends and resolves once stored (used for refusals, which are awaited);
 * `recordLater` takes the append off the request's critical path, retries it, and `flush` (called at shutdown)
 * waits for every pending one so that none is lost while the process runs.
 */
export class SecurityAudit implements OnModuleDestroy {
  private readonly logger = new Logger('SecurityAudit');
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: PlatformClock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  metadataOf(context: RequestContext | undefined, extra: { causationId?: string; actor?: string; sourceAddress?: string } = {}): EventMetadata {
    const metadata: EventMetadata = {
      actor: extra.actor ?? (context ? actorLabel(context.actor) : 'system'),
      correlationId: context?.correlationId ?? randomUUID(),
      occurredAt: this.clock.now().toISOString(),
    };
    if (extra.causationId) metadata.causationId = extra.causationId;
    const sourceAddress = extra.sourceAddress ?? context?.sourceAddress;
    if (sourceAddress) metadata.sourceAddress = sourceAddress;
    return metadata;
  }

  entry(accountId: string | null, type: string, data: unknown, metadata: EventMetadata): Entry {
    return { stream: securityStream(accountId), event: { id: randomUUID(), type, schemaVersion: SECURITY_SCHEMA_VERSION, data, metadata } };
  }

  /** Appends now (with the same event id on each retry: a retried append is a no-op if the first one landed). */
  async record(entry: Entry): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.store.append(entry.stream, [entry.event], { expectedVersion: 'any' });
        return;
      } catch (error) {
        if (attempt >= 5) {
          this.logger.error(`could not record ${entry.event.type} on ${entry.stream}: ${redactForLog((error as Error)?.message ?? String(error))}`);
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }

  /** Off the critical path: `build` runs after the answer, its entries are appended with retries. */
  recordLater(build: () => Promise<Entry[]> | Entry[]): void {
    const work = (async () => {
      const entries = await build();
      for (const entry of entries) await this.record(entry);
    })().catch(() => undefined); // already logged by `record` (or nothing to record)
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Resolves when every `recordLater` started so far is stored (or given up and logged). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  /**
   * Sessions ended: one event per account. Without an explicit reason, the newest account event that ends sessions
   * (deletion, cancellation, lock, deactivation, new password) is the cause, and its actor and source address are
   * those of the session end.
   */
  sessionsEnded(
    ended: { accountId: string; employerId: string | null; sessionIds: string[] },
    how: { reason?: SessionEndReason; context?: RequestContext },
  ): void {
    if (ended.sessionIds.length === 0) return;
    this.recordLater(async () => {
      let reason = how.reason;
      let cause: SessionEndedData['cause'] = null;
      let metadata = this.metadataOf(how.context);
      if (!reason) {
        const found = await this.causeOf(ended.accountId);
        reason = found ? CAUSES[found.type] : 'account-changed';
        if (found) {
          cause = { stream: found.stream, version: found.version, type: found.type };
          metadata = this.metadataOf(undefined, {
            actor: String(found.metadata.actor),
            causationId: found.id,
            sourceAddress: found.metadata.sourceAddress,
          });
          metadata.correlationId = found.metadata.correlationId;
        }
      }
      const data: SessionEndedData = { ...ended, reason, endedAt: metadata.occurredAt, cause };
      return [this.entry(ended.accountId, SECURITY_EVENT_TYPES.sessionEnded, data, metadata)];
    });
  }

  /** An access refused (403): awaited by the caller, so the refusal is stored before the answer leaves. */
  async accessRefused(refusal: {
    actor: AuthenticatedActor | undefined;
    sourceAddress: string | undefined;
    method: string;
    route: string | null;
    path: string;
    status: number;
    code: string;
    requiredRoles?: Role[];
  }): Promise<void> {
    const { actor } = refusal;
    const metadata = this.metadataOf(undefined, { actor: actor?.accountId ?? 'anonymous', sourceAddress: refusal.sourceAddress });
    const data: AccessRefusedData = {
      accountId: actor?.accountId ?? null,
      employerId: actor?.employerId ?? null,
      sessionId: actor?.sessionId ?? null,
      roles: actor ? [...actor.roles] : [],
      method: refusal.method.toUpperCase(),
      route: refusal.route,
      path: refusal.path.slice(0, 300),
      status: refusal.status,
      code: refusal.code,
      requiredRoles: refusal.requiredRoles && refusal.requiredRoles.length > 0 ? [...refusal.requiredRoles] : null,
      refusedAt: metadata.occurredAt,
    };
    await this.record(this.entry(actor?.accountId ?? null, SECURITY_EVENT_TYPES.accessRefused, data, metadata)).catch(() => undefined);
  }

  /** Operators have no account stream: their sign-ins (and failures) go to their security stream. */
  operatorSignIn(
    outcome: 'signed-in' | 'failed',
    operator: { accountId: string; identifier: string },
    context: RequestContext,
    failure?: { reason: 'wrong-password' | 'wrong-second-factor' | 'locked'; consecutiveFailures?: number },
  ): void {
    this.recordLater(() => {
      const metadata = this.metadataOf(context, { actor: outcome === 'signed-in' ? operator.accountId : 'anonymous' });
      const data: OperatorSignInData = { accountId: operator.accountId, identifier: operator.identifier, at: metadata.occurredAt };
      if (outcome === 'failed' && failure) {
        data.reason = failure.reason;
        if (failure.consecutiveFailures !== undefined) data.consecutiveFailures = failure.consecutiveFailures;
      }
      const type = outcome === 'signed-in' ? SECURITY_EVENT_TYPES.operatorSignedIn : SECURITY_EVENT_TYPES.operatorSignInFailed;
      return [this.entry(operator.accountId, type, data, metadata)];
    });
  }

  /** An operator locked by the failure that reached the threshold (ASVS 16.3.1), off the sign-in's critical path. */
  operatorLocked(operator: { accountId: string; identifier: string }, lock: { lockedAt: Date; consecutiveFailures: number }, context: RequestContext): void {
    this.recordLater(() => {
      const metadata = this.metadataOf(context, { actor: 'anonymous' });
      const data: OperatorLockedData = {
        accountId: operator.accountId,
        identifier: operator.identifier,
        lockedAt: lock.lockedAt.toISOString(),
        reason: 'too-many-failed-sign-ins',
        consecutiveFailures: lock.consecutiveFailures,
      };
      return [this.entry(operator.accountId, SECURITY_EVENT_TYPES.operatorLocked, data, metadata)];
    });
  }

  /**
   * An operator unlocked, by another DRS operator (`context.actor`) or by the CLI (system actor): awaited, so the
   * unlock is in the security log before the answer (or the command's exit).
   */
  async operatorUnlocked(operator: { accountId: string; identifier: string }, context: RequestContext): Promise<void> {
    const metadata = this.metadataOf(context);
    const unlockedBy = context.actor.kind === 'account' ? context.actor.accountId : 'cli';
    const data: OperatorUnlockedData = { accountId: operator.accountId, identifier: operator.identifier, unlockedAt: metadata.occurredAt, unlockedBy };
    await this.record(this.entry(operator.accountId, SECURITY_EVENT_TYPES.operatorUnlocked, data, metadata));
  }

  /** An operator's own second-factor change (ASVS 16.3.1, authentication changes): awaited, on record before the answer. */
  async operatorSecondFactorChanged(
    operator: { accountId: string; identifier: string },
    change: OperatorSecondFactorChange,
    context: RequestContext,
    subjectId?: string,
  ): Promise<void> {
    const metadata = this.metadataOf(context);
    const data: OperatorSecondFactorChangedData = { accountId: operator.accountId, identifier: operator.identifier, change, at: metadata.occurredAt };
    if (subjectId) data.subjectId = subjectId;
    await this.record(this.entry(operator.accountId, SECURITY_EVENT_TYPES.operatorSecondFactorChanged, data, metadata));
  }

  private async causeOf(accountId: string): Promise<RecordedEvent | undefined> {
    const recent = await this.store.readStream(accountStream(accountId), { direction: 'backwards', limit: 20 });
    return recent.find((event) => CAUSES[event.type] !== undefined);
  }
}
