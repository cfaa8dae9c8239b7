import type { Migration } from '@peps/sql';

/**
 * Schema `pm`: what the process managers need besides the event log. The log stays the record of what was done
 * (`notification.sent`, `letter.generated`…); these tables are working state: where each manager stands, which
 * effects are still to do (with their retries), which deadlines are coming, and the letters' bytes.
 */
export const processManagerMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'process managers: checkpoints, effects, deadlines, letters',
    sql: `
create schema if not exists pm;

create table pm.checkpoints (
  manager text primary key,
  transaction_id text not null,
  position bigint not null,
  updated_at timestamptz not null default now()
);

-- One row per effect a cause calls for. effect_id is deterministic, so a replayed cause queues nothing new.
create table pm.effects (
  effect_id uuid primary key,
  seq bigserial not null,
  manager text not null,
  kind text not null,
  effect_key text not null default '',
  cause_event_id uuid not null,
  cause_type text not null,
  cause_stream text not null,
  cause_occurred_at timestamptz not null,
  cause_correlation_id text not null,
  payload jsonb not null,
  -- pending: to do (retrying when attempts > 0), done, skipped (nothing left to do), failed: gave up.
  status text not null default 'pending' check (status in ('pending', 'done', 'skipped', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  recipient text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index effects_due on pm.effects (manager, next_attempt_at, seq) where status = 'pending';
create index effects_troubled on pm.effects (status, created_at) where last_error is not null;

-- Events a manager could not even plan from (poison): skipped, kept for the DRS and the logs.
create table pm.poison_events (
  manager text not null,
  event_id uuid not null,
  event_type text not null,
  stream text not null,
  error text not null,
  recorded_at timestamptz not null default now(),
  primary key (manager, event_id)
);

-- Coming deadlines, maintained from events, so the clock-driven poll is one indexed query.
create table pm.deadlines (
  account_id text not null,
  kind text not null check (kind in ('invitation-expiry', 'inactivity-warning', 'inactivity-deactivation')),
  ref text not null,
  due_at timestamptz not null,
  primary key (account_id, kind)
);
create index deadlines_due on pm.deadlines (due_at);

-- The letters' PDF bytes: a server deployment may run on several machines, the data folder is not shared.
create table pm.letters (
  letter_id uuid primary key,
  pdf bytea not null,
  sha256 text not null,
  created_at timestamptz not null default now()
);
`,
  },
  {
    version: 2,
    name: 'deadlines: erasure of a closed account after the retention period',
    // The check PostgreSQL named after the column when version 1 created it inline.
    sql: `alter table pm.deadlines drop constraint deadlines_kind_check;
      alter table pm.deadlines add constraint deadlines_kind_check
        check (kind in ('invitation-expiry', 'inactivity-warning', 'inactivity-deactivation', 'personal-data-erasure'))`,
  },
  {
    version: 3,
    name: 'effects: indexes for the DRS list of mails and letters',
    // listDeliveries reads these from their end (newest first, limit) instead of sorting the whole table: the
    // mails and letters, and among them the few in trouble (given up, or waiting after an error), by status.
    sql: `create index effects_deliveries on pm.effects (created_at, seq) where manager in ('mail', 'letters');
      create index effects_deliveries_troubled on pm.effects (status, created_at, seq)
        where manager in ('mail', 'letters') and (status = 'failed' or (status = 'pending' and attempts > 0))`,
  },
];
