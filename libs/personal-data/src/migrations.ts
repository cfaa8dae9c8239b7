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
  {
    version: 2,
    name: 'keys a person owns',
    // A person's own key has no owner. Keys sealing their connection data (source addresses) are one per owner and
    // month, so that retention destroys a month without the person, and an erasure destroys them with the person.
    sql: `alter table pd.subject_keys add column owner_id uuid, add column purpose text not null default 'person', add column period text;
      create index subject_keys_by_owner on pd.subject_keys (owner_id) where owner_id is not null;
      create index subject_keys_by_period on pd.subject_keys (purpose, period) where wrapped_key is not null and period is not null`,
  },
];
