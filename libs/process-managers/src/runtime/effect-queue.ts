import type { RecordedEvent } from '@peps/event-store';
import type { SqlExecutor } from '@peps/sql';
import { effectId } from './deterministic-id.js';
import type { PendingEffect, PlannedEffect } from './process-manager.js';

/** What an effect row is caused by: the cause event, or the parent effect of a fan-out. */
export interface EffectCause {
  id: string;
  type: string;
  stream: string;
  occurredAt: string;
  correlationId: string;
}

export function causeOf(event: RecordedEvent): EffectCause {
  return { id: event.id, type: event.type, stream: event.stream, occurredAt: event.metadata.occurredAt, correlationId: event.metadata.correlationId };
}

/** An effect to queue with what caused it; its id derives from `idSeed` (default: the cause event's id). */
export interface QueuedEffect {
  cause: EffectCause;
  effect: PlannedEffect;
  idSeed?: string;
}

/** Queues effects in one statement; ids derive from the cause, so queuing the same cause twice adds nothing. */
export async function enqueueEffects(tx: SqlExecutor, manager: string, queued: readonly QueuedEffect[]): Promise<void> {
  if (!queued.length) return;
  const column = <T>(pick: (q: QueuedEffect) => T) => queued.map(pick);
  await tx.query(
    `insert into pm.effects (effect_id, manager, kind, effect_key, cause_event_id, cause_type, cause_stream,
       cause_occurred_at, cause_correlation_id, payload, recipient)
     select id, $1, kind, effect_key, cause_event_id, cause_type, cause_stream, cause_occurred_at, cause_correlation_id,
            payload, recipient
     from rows from (unnest($2::uuid[]), unnest($3::text[]), unnest($4::text[]), unnest($5::uuid[]), unnest($6::text[]),
                     unnest($7::text[]), unnest($8::timestamptz[]), unnest($9::text[]), jsonb_array_elements($10::jsonb),
                     unnest($11::text[]))
       as q(id, kind, effect_key, cause_event_id, cause_type, cause_stream, cause_occurred_at, cause_correlation_id, payload, recipient)
     on conflict (effect_id) do nothing`,
    [
      manager,
      column((q) => effectId(q.idSeed ?? q.cause.id, q.effect.kind, q.effect.key ?? '')),
      column((q) => q.effect.kind),
      column((q) => q.effect.key ?? ''),
      column((q) => q.cause.id),
      column((q) => q.cause.type),
      column((q) => q.cause.stream),
      column((q) => q.cause.occurredAt),
      column((q) => q.cause.correlationId),
      // One JSON array (zipped by `rows from`): no array-literal escaping of the payloads.
      JSON.stringify(column((q) => q.effect.payload)),
      column((q) => q.effect.recipient ?? null),
    ],
  );
}

interface EffectRow {
  effect_id: string;
  manager: string;
  kind: string;
  effect_key: string;
  cause_event_id: string;
  cause_type: string;
  cause_stream: string;
  cause_occurred_at: Date | string;
  cause_correlation_id: string;
  payload: Record<string, unknown> | string;
  attempts: number;
}

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

export function toPendingEffect(row: EffectRow): PendingEffect {
  return {
    effectId: row.effect_id,
    manager: row.manager,
    kind: row.kind,
    key: row.effect_key,
    causeEventId: row.cause_event_id,
    causeType: row.cause_type,
    causeStream: row.cause_stream,
    causeOccurredAt: iso(row.cause_occurred_at),
    causeCorrelationId: row.cause_correlation_id,
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload,
    attempts: Number(row.attempts),
  };
}

/** Effects due now, oldest first. */
export async function dueEffects(db: SqlExecutor, manager: string, now: Date, limit: number): Promise<PendingEffect[]> {
  const { rows } = await db.query<EffectRow>(
    `select effect_id::text as effect_id, manager, kind, effect_key, cause_event_id::text as cause_event_id, cause_type,
            cause_stream, cause_occurred_at, cause_correlation_id, payload, attempts
       from pm.effects where manager = $1 and status = 'pending' and next_attempt_at <= $2
      order by next_attempt_at, seq limit $3`,
    [manager, now.toISOString(), limit],
  );
  return rows.map(toPendingEffect);
}

export async function finishEffect(db: SqlExecutor, id: string, status: 'done' | 'skipped', note: string | null = null): Promise<void> {
  await db.query(
    `update pm.effects set status = $2, finished_at = now(), last_error = case when $2 = 'done' then null else coalesce($3, last_error) end
      where effect_id = $1`,
    [id, status, note],
  );
}

/** Effects done and recorded together (one dispatch batch): one statement. */
export async function finishEffects(db: SqlExecutor, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await db.query(`update pm.effects set status = 'done', finished_at = now(), last_error = null where effect_id = any($1::uuid[])`, [[...ids]]);
}

export async function recordAttemptFailure(
  db: SqlExecutor,
  id: string,
  attempt: number,
  error: string,
  nextAttemptAt: Date | null,
): Promise<void> {
  await db.query(
    `update pm.effects set attempts = $2, last_error = $3,
       status = case when $4::timestamptz is null then 'failed' else 'pending' end,
       next_attempt_at = coalesce($4::timestamptz, next_attempt_at),
       finished_at = case when $4::timestamptz is null then now() else null end
      where effect_id = $1`,
    [id, attempt, error, nextAttemptAt ? nextAttemptAt.toISOString() : null],
  );
}

/** DRS action: a failed (or waiting) delivery is tried again now. */
export async function retryEffect(db: SqlExecutor, id: string): Promise<boolean> {
  const { rows } = await db.query<{ effect_id: string }>(
    `update pm.effects set status = 'pending', next_attempt_at = now(), finished_at = null
      where effect_id = $1 and status in ('pending', 'failed') returning effect_id::text as effect_id`,
    [id],
  );
  return rows.length > 0;
}
