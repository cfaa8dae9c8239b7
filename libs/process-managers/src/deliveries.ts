import { deliveryKindLabel, deliveryReason } from './delivery-labels.js';
import type { SqlExecutor } from '@peps/sql';

export type DeliveryStatus = 'failed' | 'retrying' | 'pending' | 'done' | 'skipped';

export interface Delivery {
  effectId: string;
  manager: string;
  kind: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  accountId: string | null;
  causeType: string;
  causeEventId: string;
  createdAt: string;
  finishedAt: string | null;
  /** The kind in French (« Courrier au représentant légal »). */
  kindLabel: string;
  /** Who it goes to: the e-mail address of a mail, the legal representative of a letter, when known. */
  recipient: string | null;
  /** Why the last attempt failed, in French; the raw error stays in `lastError`. */
  reason: string | null;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

/**
 * The DRS's view of mails and letters: `failed` are given up (retry them by hand), `retrying` wait for their next
 * attempt after an error. Newest first.
 *
 * Read from the end of an index, never sorted (pm migration 3): `effects_deliveries` without a status,
 * `effects_deliveries_troubled` for failed and retrying. Their predicates must stay implied by these conditions.
 */
export async function listDeliveries(db: SqlExecutor, filter: { status?: DeliveryStatus; limit?: number } = {}): Promise<Delivery[]> {
  const conditions: Record<DeliveryStatus, string> = {
    failed: `status = 'failed'`,
    retrying: `status = 'pending' and attempts > 0`,
    pending: `status = 'pending'`,
    done: `status = 'done'`,
    skipped: `status = 'skipped'`,
  };
  const where = filter.status ? conditions[filter.status] : `manager in ('mail', 'letters')`;
  const { rows } = await db.query<{
    effect_id: string; manager: string; kind: string; status: string; attempts: number; last_error: string | null;
    next_attempt_at: Date | string; recipient: string | null; payload: Record<string, unknown> | string; cause_type: string; cause_event_id: string;
    created_at: Date | string; finished_at: Date | string | null;
  }>(
    `select effect_id::text as effect_id, manager, kind, status, attempts, last_error, next_attempt_at, recipient, payload, cause_type,
            cause_event_id::text as cause_event_id, created_at, finished_at
       from pm.effects where ${where} and manager in ('mail', 'letters') order by created_at desc, seq desc limit $1`,
    [Math.min(filter.limit ?? 200, 1000)],
  );
  return rows.map((row) => {
    const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload;
    const status: DeliveryStatus = row.status === 'pending' && Number(row.attempts) > 0 ? 'retrying' : (row.status as DeliveryStatus);
    return {
      effectId: row.effect_id,
      manager: row.manager,
      kind: row.kind,
      status,
      attempts: Number(row.attempts),
      lastError: row.last_error,
      nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
      accountId: typeof payload.administratorId === 'string' ? payload.administratorId : typeof payload.accountId === 'string' ? payload.accountId : null,
      causeType: row.cause_type,
      causeEventId: row.cause_event_id,
      createdAt: iso(row.created_at)!,
      finishedAt: iso(row.finished_at),
      kindLabel: deliveryKindLabel(row.kind),
      recipient: row.recipient ?? (row.manager === 'mail' ? recipientOf(payload) : null),
      reason: deliveryReason(row.last_error),
    };
  });
}

/** A mail's address or a letter's representative, from what the effect was planned with. */
function recipientOf(payload: Record<string, unknown>): string | null {
  for (const key of ['email', 'to', 'recipient']) if (typeof payload[key] === 'string' && payload[key]) return payload[key] as string;
  const holder = payload.holder as { email?: unknown } | undefined;
  return typeof holder?.email === 'string' ? holder.email : null;
}
