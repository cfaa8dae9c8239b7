import { migrate, type Migration, type SqlDatabase } from '@peps/sql';

/**
 * `auth.outgoing_links`, the one definition of the table: raw link tokens (and "Identifiant oublié ?" requests) on
 * their way from the write side, which writes them (apps/platform/src/access/links/outgoing-links.ts), to the mail
 * manager, which reads and deletes them (./outgoing-links.ts). Every process that opens the database applies it.
 *
 * Until this component existed, `auth` migration 1 created the table: version 1 therefore only creates what is
 * missing, so that a database migrated then upgrades without change (auth-migrations.int.spec.ts in @peps/runtime).
 */
export const outgoingLinksMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'outgoing links: raw tokens and reminders waiting for their mail',
    sql: `
      create schema if not exists auth;
      create table if not exists auth.outgoing_links (
        id uuid primary key,
        event_id uuid,
        account_id uuid,
        purpose text not null,
        token text,
        payload jsonb not null default '{}'::jsonb,
        expires_at timestamptz not null,
        created_at timestamptz not null default now(),
        consumed_at timestamptz
      );
      create unique index if not exists outgoing_links_event on auth.outgoing_links (event_id) where event_id is not null
    `,
  },
];

export const migrateOutgoingLinks = (db: SqlDatabase): Promise<number[]> => migrate(db, 'outgoing-links', outgoingLinksMigrations);
