import type { Migration } from '@peps/sql';

/**
 * One row per person: their data key wrapped by the master key. Destroying the key (`wrapped_key` null) is the
 * erasure: every value sealed with it stays in the log, unreadable. Kept in a schema of its own so that it can be
 * backed up apart, with a shorter retention (docs/operations.md).
 */
export const personalDataMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'subject keys',
    sql: `create schema if not exists pd;
      create table pd.subject_keys (
        subject_id uuid primary key,
        wrapped_key bytea,
        master_key_id text,
        created_at timestamptz not null,
        destroyed_at timestamptz,
        check ((wrapped_key is null) = (destroyed_at is not null)),
        check ((wrapped_key is null) = (master_key_id is null))
      );
      create index subject_keys_by_master on pd.subject_keys (master_key_id) where wrapped_key is not null`,
  },
];
