import { migrateOutgoingLinks } from '@peps/process-managers';
import { migrate, type Migration, type SqlDatabase } from '@peps/sql';

/**
 * Write-side helper tables, schema `auth`. None of them is a source of truth for the domain (the event store is);
 * they are lookups the event store cannot answer by key, and secrets that must never enter an event.
 * `auth.outgoing_links` has its own migrations (`outgoingLinksMigrations` of @peps/process-managers, applied with
 * these by `migrateAuthSchema`); migration 1 created it too until then, which that component's first version allows.
 */
export const authMigrations: Migration[] = [
  {
    version: 1,
    // Its name still says "outgoing links": databases migrated before the table moved out have it recorded so.
    name: 'directory, link tokens, outgoing links, sessions, operators',
    sql: `
      create schema if not exists auth;
      -- identifier -> account, written before the account's events (a row whose stream does not exist is ignored).
      create table auth.account_directory (
        account_id uuid primary key,
        identifier text not null unique,
        employer_id uuid not null,
        email text not null,
        created_at timestamptz not null default now()
      );
      create index account_directory_email on auth.account_directory (lower(email));
      -- SHA-256 of an e-mailed link token -> its account: POST /api/password/setup finds the stream to load.
      create table auth.link_tokens (
        token_hash text primary key,
        account_id uuid not null,
        purpose text not null check (purpose in ('invitation', 'password-reset')),
        created_at timestamptz not null default now()
      );
      create table auth.sessions (
        token_hash text primary key,
        csrf_hash text not null,
        account_id uuid not null,
        identifier text not null,
        roles text[] not null,
        employer_id uuid,
        display_name text not null,
        -- the account stream version last seen valid: a new event triggers a status re-check.
        checked_version integer not null,
        created_at timestamptz not null,
        last_seen_at timestamptz not null,
        expires_at timestamptz not null
      );
      create index sessions_account on auth.sessions (account_id);
      -- Platform operators (DRS, auditors): not employer accounts, so not in the account streams.
      create table auth.operators (
        account_id uuid primary key,
        identifier text not null unique,
        password_hash text not null,
        roles text[] not null,
        display_name text not null,
        created_at timestamptz not null default now()
      )
    `,
  },
  {
    version: 2,
    name: 'operators lock after consecutive failed sign-ins',
    sql: `
      -- Consecutive failed sign-ins (a success resets it) and the moment the operator was locked (null: not locked).
      alter table auth.operators add column failed_sign_ins integer not null default 0;
      alter table auth.operators add column locked_at timestamptz
    `,
  },
  {
    version: 3,
    name: 'second factor: challenges, step-up instant of sessions, operators codes and workstations',
    sql: `
      -- A password accepted (sign-in) or a sensitive action asked (step-up) waits for a second factor, a passkey
      -- being registered waits for the authenticator's answer (passkey-registration, bound to the session). Only the
      -- SHA-256 of the challenge token is kept, and operators' e-mailed codes live here too (employer accounts keep
      -- theirs as events of the account stream).
      create table auth.second_factor_challenges (
        token_hash text primary key,
        holder_kind text not null check (holder_kind in ('account', 'operator')),
        holder_id uuid not null,
        purpose text not null check (purpose in ('sign-in', 'step-up', 'passkey-registration')),
        session_hash text,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        webauthn_challenge text,
        code_digest text,
        code_expires_at timestamptz,
        consumed_at timestamptz
      );
      create index second_factor_challenges_holder on auth.second_factor_challenges (holder_id);
      -- The last second factor verified in this session: sensitive actions need one in the last 10 minutes.
      alter table auth.sessions add column second_factor_verified_at timestamptz;
      alter table auth.operators add column email text;
      create table auth.operator_workstations (
        workstation_id uuid primary key,
        operator_id uuid not null,
        token_digest text not null unique,
        label text not null,
        trusted_at timestamptz not null,
        expires_at timestamptz not null
      );
      create index operator_workstations_operator on auth.operator_workstations (operator_id)
    `,
  },
  {
    version: 4,
    name: 'operators authenticator apps, recovery codes and passkeys',
    sql: `
      -- Employer accounts keep these in their stream, operators (not event-sourced) here. The TOTP secret is sealed
      -- with the operator's own key (pd.subject_keys), never stored in clear. enrolled_at null: not confirmed yet.
      create table auth.operator_totp (
        operator_id uuid primary key,
        sealed_secret text not null,
        started_at timestamptz not null,
        enrolled_at timestamptz,
        -- absolute 30-second step of the last accepted code: that step and older ones are refused (replay).
        last_used_step bigint not null default 0
      );
      -- Single-use codes handed out with the app, as digests only.
      create table auth.operator_recovery_codes (
        operator_id uuid not null,
        code_digest text not null,
        used_at timestamptz,
        primary key (operator_id, code_digest)
      );
      create table auth.operator_passkeys (
        passkey_id uuid primary key,
        operator_id uuid not null,
        credential_id text not null unique,
        public_key text not null,
        counter bigint not null,
        transports text[] not null,
        name text not null,
        registered_at timestamptz not null,
        last_used_at timestamptz
      );
      create index operator_passkeys_operator on auth.operator_passkeys (operator_id)
    `,
  },
];

/** The `auth` schema as every process needs it: these tables and the outgoing links (which the mail manager reads). */
export async function migrateAuthSchema(db: SqlDatabase): Promise<{ auth: number[]; outgoingLinks: number[] }> {
  const auth = await migrate(db, 'auth', authMigrations);
  return { auth, outgoingLinks: await migrateOutgoingLinks(db) };
}
