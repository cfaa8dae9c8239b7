import type { Migration } from '@peps/sql';

/** Schema `read`: each projection's checkpoint (written with its rows) and the events it had to skip. */
export const readStoreMigrations: Migration[] = [
  {
    version: 1,
    name: 'checkpoints and projection failures',
    sql: `
create schema if not exists read;

create table read.checkpoints (
  projection text primary key,
  version integer not null,
  transaction_id text not null,
  position bigint not null,
  updated_at timestamptz not null default now()
);

create table read.projection_failures (
  projection text not null,
  event_id text not null,
  stream text not null,
  stream_version integer not null,
  type text not null,
  transaction_id text not null,
  position bigint not null,
  error text not null,
  attempts integer not null,
  skipped boolean not null default false,
  first_failed_at timestamptz not null default now(),
  last_failed_at timestamptz not null default now(),
  primary key (projection, event_id)
);
`,
  },  {
    version: 2,
    name: 'indexes set aside during a rebuild',
    sql: `
create table read.deferred_indexes (
  index_name text primary key,
  table_name text not null,
  definition text not null,
  deferred_at timestamptz not null default now()
);
`,
  },
];
