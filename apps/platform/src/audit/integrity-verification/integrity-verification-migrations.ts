import { migrate, type Migration, type SqlDatabase } from '@peps/sql';

/**
 * Schema `audit`: the integrity verifications started from the API, the page or another process. Not a source of
 * truth (the log is): a job's row says who asked, how far it went and what it found, so every HTTP process shows the
 * same progress and a restart leaves a readable trace.
 */
export const integrityVerificationMigrations: Migration[] = [
  {
    version: 1,
    name: 'integrity verifications',
    sql: `
      create schema if not exists audit;
      create table audit.integrity_verifications (
        id uuid primary key,
        status text not null check (status in ('running', 'done', 'interrupted')),
        -- the process running it (a random id drawn at its start): another process may interrupt it only once its
        -- heartbeat is older than a minute.
        owner text not null,
        requested_by jsonb not null,
        started_at timestamptz not null,
        finished_at timestamptz,
        heartbeat_at timestamptz not null,
        events_checked bigint not null default 0,
        streams_checked bigint not null default 0,
        -- the log's event count at the start (null until counted, or where the store cannot count)
        total_events bigint,
        ok boolean,
        first_broken jsonb
      );
      -- One verification at a time, whichever process starts it.
      create unique index integrity_verifications_one_running on audit.integrity_verifications ((true)) where status = 'running';
      create index integrity_verifications_latest on audit.integrity_verifications (started_at desc, id)
    `,
  },
];

export const migrateIntegrityVerifications = (db: SqlDatabase): Promise<number[]> => migrate(db, 'audit', integrityVerificationMigrations);
