import type { Migration } from '@peps/sql';

// Pieces of SQL that several migrations write alike, each written once. A migration's text must stay what was first
// applied (fresh databases replay it), so each piece keeps its exact lines and `indent` gives it its place.

/** A piece written from the line after the backquote: the first line break is not part of it. */
function lines(text: TemplateStringsArray): string {
  return text.raw.join('').replace(/^\n/, '');
}

/** Indents every non-empty line of a piece by `spaces`. */
function indent(piece: string, spaces: number): string {
  return piece.replace(/^(?=.)/gm, ' '.repeat(spaces));
}

/** The retry check of versions 1 to 4 (first event id recorded): all ids recorded, the first answer; some only, a conflict. */
const IDEMPOTENT_ANSWER = lines`
  select count(*) into total from jsonb_array_elements(p_appends) x, jsonb_array_elements(x->'events') y;
  select count(*) into found_count from es.events
    where event_id in (select (y->>'id')::uuid from jsonb_array_elements(p_appends) x, jsonb_array_elements(x->'events') y);
  if found_count <> total then
    raise exception using errcode = 'PE422', message = 'idempotency conflict', detail = first_id::text;
  end if;
  return (
    select jsonb_build_object(
      'alreadyAppended', true,
      'streams', (select jsonb_agg(jsonb_build_object('stream', stream_name, 'nextVersion', v)) from (
          select stream_name, max(stream_version) as v from es.events
          where event_id in (select (y->>'id')::uuid from jsonb_array_elements(p_appends) x, jsonb_array_elements(x->'events') y)
          group by stream_name) per_stream),
      'transactionId', (max(transaction_id))::text,
      'position', (max(position))::text)
    from es.events
    where event_id in (select (y->>'id')::uuid from jsonb_array_elements(p_appends) x, jsonb_array_elements(x->'events') y)
  );`;

/** One stream: its lock; several: their locks in name order, so that two writers cannot deadlock. */
const LOCK_STREAMS = lines`
  if n_appends = 1 then
    perform pg_advisory_xact_lock(hashtextextended('es:' || (p_appends->0->>'stream'), 0));
  else
    for s in select distinct x->>'stream' from jsonb_array_elements(p_appends) x order by 1 loop
      perform pg_advisory_xact_lock(hashtextextended('es:' || s, 0));
    end loop;
  end if;`;

/** es.append's variables (versions 2 and 4) for the stream at hand: its append, events, expected version and head. */
const STREAM_VARIABLES = lines`
  a jsonb;
  e jsonb;
  evs jsonb;
  s text;
  expected text;
  cur_version integer;
  cur_hash text;`;

/** es.append's variables (versions 2 and 4) for the whole call. */
const CALL_VARIABLES = lines`
  earlier jsonb;
  results jsonb := '[]'::jsonb;
  last_position bigint;
  n_appends integer := jsonb_array_length(p_appends);
  i integer;
  j integer;
  mismatch boolean;`;

/** The head (version and hash) of stream `a`, version 0 when it does not exist yet. */
const READ_HEAD = lines`
    s := a->>'stream';
    expected := a->>'expected';
    select version, last_hash into cur_version, cur_hash from es.streams where stream_name = s;
    if not found then
      cur_version := 0;
      cur_hash := '';
    end if;`;

/** Whether the head's version is one `expected` accepts. */
const CHECK_EXPECTED = lines`
    mismatch := case expected
         when 'any' then false
         when 'no-stream' then cur_version <> 0
         when 'stream-exists' then cur_version = 0
         else cur_version <> expected::integer
       end;`;

const RAISE_WRONG_EXPECTED_VERSION = lines`
      raise exception using errcode = 'PE409', message = 'wrong expected version',
        detail = jsonb_build_object('stream', s, 'expected', expected, 'actual', cur_version)::text;`;

/** Appends event `e` to stream `s` after `cur_version`, chaining its hash on `cur_hash`. */
const INSERT_EVENT = lines`
    cur_version := cur_version + 1;
    cur_hash := encode(sha256(convert_to(cur_hash || ':' || cur_version || ':' || (e->>'contentHash'), 'UTF8')), 'hex');
    insert into es.events (event_id, stream_name, stream_category, stream_version, type, schema_version,
                           data, metadata, occurred_at, hash)
    values ((e->>'id')::uuid, s, split_part(s, '-', 1), cur_version, e->>'type', (e->>'schemaVersion')::integer,
            e->'data', e->'metadata', (e->'metadata'->>'occurredAt')::timestamptz, cur_hash)
    returning position into last_position;`;

/** Records stream `s`'s new head, then, after the last stream, answers the call. */
const SAVE_HEADS_AND_ANSWER = lines`
    insert into es.streams as st (stream_name, version, last_hash) values (s, cur_version, cur_hash)
      on conflict (stream_name) do update set version = excluded.version, last_hash = excluded.last_hash;
    results := results || jsonb_build_array(jsonb_build_object('stream', s, 'nextVersion', cur_version));
  end loop;

  return jsonb_build_object('alreadyAppended', false, 'streams', results,
                            'transactionId', pg_current_xact_id()::text, 'position', last_position::text);
end
$$;`;

/**
 * Schema `es`. Each event records the id of the transaction that wrote it (`pg_current_xact_id()`): readers
 * only read below the oldest running transaction that may still write here (READ_HORIZON_SQL in sql-event-store.ts) and
 * order by (transaction id, position), so an event whose transaction commits after a later one is never skipped.
 * NOTIFY is not sent from here: it takes a cluster-wide lock at commit and halved the append rate. Writers send
 * one coalesced NOTIFY after their commits instead (see commit-notifier.ts).
 */
export const eventStoreMigrations: Migration[] = [
  {
    version: 1,
    name: 'events, streams, sequences and the append function',
    sql: `
create schema if not exists es;

create table es.streams (
  stream_name text primary key,
  version integer not null,
  last_hash text not null
);

create table es.events (
  position bigint generated always as identity primary key,
  transaction_id xid8 not null default pg_current_xact_id(),
  event_id uuid not null unique,
  stream_name text not null,
  stream_category text not null,
  stream_version integer not null,
  type text not null,
  schema_version integer not null,
  data jsonb not null,
  metadata jsonb not null,
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default clock_timestamp(),
  hash text not null,
  unique (stream_name, stream_version)
);

create index events_log on es.events (transaction_id, position);


create table es.sequences (
  name text primary key,
  value bigint not null
);

create or replace function es.append(p_appends jsonb) returns jsonb
language plpgsql as $$
declare
  a jsonb;
  e jsonb;
  s text;
  expected text;
  cur_version integer;
  cur_hash text;
  first_id uuid;
  found_count integer;
  total integer;
  results jsonb := '[]'::jsonb;
  last_position bigint;
begin
  -- Advisory locks take no transaction id: the writer that waits gets a larger id than the one it waited
  -- for, so (transaction id, position) order agrees with each stream's version order.
  for s in select distinct x->>'stream' from jsonb_array_elements(p_appends) x order by 1 loop
    perform pg_advisory_xact_lock(hashtextextended('es:' || s, 0));
  end loop;

  first_id := (p_appends->0->'events'->0->>'id')::uuid;
  if exists (select 1 from es.events where event_id = first_id) then
${indent(IDEMPOTENT_ANSWER, 2)}
  end if;

  for a in select * from jsonb_array_elements(p_appends) loop
${READ_HEAD}
    if (expected = 'no-stream' and cur_version <> 0)
       or (expected = 'stream-exists' and cur_version = 0)
       or (expected ~ '^[0-9]+$' and cur_version <> expected::integer) then
${RAISE_WRONG_EXPECTED_VERSION}
    end if;
    for e in select * from jsonb_array_elements(a->'events') loop
${indent(INSERT_EVENT, 2)}
    end loop;
${SAVE_HEADS_AND_ANSWER}
`,
  },
  {
    version: 2,
    name: 'leaner append: no look-up before each write, arrays walked without queries',
    // Measured with bench/append (CPU-bound, synchronous_commit off): 0.48 -> 0.55 of raw INSERTs. Version 1 looked the
    // first event id up before every append; a retry can only meet an expected-version mismatch (its first run moved
    // the stream) or, under 'any'/'stream-exists', the unique event id, so the look-up now happens only then (the
    // second case from the adapter, after the failed call). Arrays are walked by index: each
    // 'select … from jsonb_array_elements' was a query of its own. Same answers as version 1.
    sql: `
create or replace function es.appended_before(p_appends jsonb) returns jsonb
language plpgsql as $$
declare
  first_id uuid := (p_appends->0->'events'->0->>'id')::uuid;
  found_count integer;
  total integer;
begin
  if not exists (select 1 from es.events where event_id = first_id) then
    return null;
  end if;
${IDEMPOTENT_ANSWER}
end
$$;

create or replace function es.append(p_appends jsonb) returns jsonb
language plpgsql as $$
declare
${STREAM_VARIABLES}
  inserted integer := 0;
${CALL_VARIABLES}
begin
${LOCK_STREAMS}

  for i in 0 .. n_appends - 1 loop
    a := p_appends->i;
${READ_HEAD}
${CHECK_EXPECTED}
    if mismatch then
      if inserted = 0 then
        earlier := es.appended_before(p_appends);
        if earlier is not null then
          return earlier;
        end if;
      end if;
${RAISE_WRONG_EXPECTED_VERSION}
    end if;
    evs := a->'events';
    for j in 0 .. jsonb_array_length(evs) - 1 loop
      e := evs->j;
${indent(INSERT_EVENT, 2)}
      inserted := inserted + 1;
    end loop;
${SAVE_HEADS_AND_ANSWER}
`,
  },
  {
    version: 3,
    name: 'a new stream is appended without lock or look-up',
    // Measured with bench/append (append / raw INSERT, median of 8 interleaved rounds): 0.56 -> 0.64; CPU-bound
    // (pgbench, synchronous_commit off) +40 %. Only for one append with 'no-stream': the unique indexes let exactly
    // one creator through and the loser's insert fails (23505) once the winner commits, which the adapter answers
    // (a retry: the first call's result; otherwise a wrong expected version). Order stays as es.append keeps it: a
    // later writer of this stream can only see it once this transaction has committed, so it gets a larger id.
    sql: `
create or replace function es.append_new_stream(p_append jsonb) returns jsonb
language plpgsql as $$
declare
  s text := p_append->>'stream';
  evs jsonb := p_append->'events';
  e jsonb;
  cur_version integer := 0;
  cur_hash text := '';
  last_position bigint;
  j integer;
begin
  for j in 0 .. jsonb_array_length(evs) - 1 loop
    e := evs->j;
${INSERT_EVENT}
  end loop;
  insert into es.streams (stream_name, version, last_hash) values (s, cur_version, cur_hash);
  return jsonb_build_object('alreadyAppended', false,
                            'streams', jsonb_build_array(jsonb_build_object('stream', s, 'nextVersion', cur_version)),
                            'transactionId', pg_current_xact_id()::text, 'position', last_position::text);
end
$$;
`,
  },
  {
    version: 4,
    name: 'es.append reads and checks every stream before its first insert',
    // Since version 3 a new stream may be created without the lock. Version 2 read each stream's head after
    // inserting the previous streams' events, that is after this transaction had its id: a stream created in
    // between by es.append_new_stream (larger id, committed first) could then get its next version from this
    // transaction, with a smaller id, and be read before its creation. Found in review and reproduced on
    // PostgreSQL 15. Reading every head first (no id yet), a writer either sees the creation committed (and gets a
    // larger id) or collides with it on the unique index (and the adapter tries again). A stream named twice in one
    // call is refused before the database (append-validation.ts).
    sql: `
create or replace function es.append(p_appends jsonb) returns jsonb
language plpgsql as $$
declare
${STREAM_VARIABLES}
  heads_version integer[] := '{}';
  heads_hash text[] := '{}';
${CALL_VARIABLES}
begin
${LOCK_STREAMS}

  -- Every head is read and checked before the first insert gives this transaction its id.
  for i in 0 .. n_appends - 1 loop
    a := p_appends->i;
${READ_HEAD}
${CHECK_EXPECTED}
    if mismatch then
      earlier := es.appended_before(p_appends);
      if earlier is not null then
        return earlier;
      end if;
${RAISE_WRONG_EXPECTED_VERSION}
    end if;
    heads_version := heads_version || cur_version;
    heads_hash := heads_hash || cur_hash;
  end loop;

  for i in 0 .. n_appends - 1 loop
    a := p_appends->i;
    s := a->>'stream';
    cur_version := heads_version[i + 1];
    cur_hash := heads_hash[i + 1];
    evs := a->'events';
    for j in 0 .. jsonb_array_length(evs) - 1 loop
      e := evs->j;
${indent(INSERT_EVENT, 2)}
    end loop;
${SAVE_HEADS_AND_ANSWER}
`,
  },
  {
    version: 5,
    name: 'a retry is an exact repeat of its append: same ids, same stream, in order, under an expected version it had',
    // Versions 2 to 4 answered any call whose first event id was recorded, and all of whose ids were, with the
    // original result, whatever its expected version: a writer deriving ids from its decision (a deadline reached
    // twice) had a real conflict swallowed. As EventStoreDB answers it, an append whose ids are all recorded is a
    // retry only when each stream's ids were written there, one after the other in the call's order, after a version
    // its expected version accepts ('any': every one; 'no-stream' or 0: none; 'stream-exists': at least one; N: N);
    // after another version: a wrong expected version (PE409); some ids only, or elsewhere, or out of order: a
    // conflict that says so (PE422, a WrongExpectedVersionError too in the adapter). Looked up only after a collision
    // or a version mismatch, as before; es.append and es.append_new_stream are unchanged and call it by name.
    sql: `
create or replace function es.recorded_ids(p_appends jsonb)
returns table (append_index integer, append_stream text, append_expected text, ord integer, id uuid,
               recorded_stream text, recorded_version integer, recorded_transaction xid8, recorded_position bigint)
language sql stable as $$
  select (x.i - 1)::integer, x.a->>'stream', x.a->>'expected', (y.o - 1)::integer, (y.e->>'id')::uuid,
         ev.stream_name, ev.stream_version, ev.transaction_id, ev.position
  from jsonb_array_elements(p_appends) with ordinality x(a, i)
  cross join lateral jsonb_array_elements(x.a->'events') with ordinality y(e, o)
  left join es.events ev on ev.event_id = (y.e->>'id')::uuid
$$;

create or replace function es.appended_before(p_appends jsonb) returns jsonb
language plpgsql as $$
declare
  r record;
  n_wanted integer;
  n_found integer;
  v0 integer;
  cur_version integer;
  accepted boolean;
  results jsonb := '[]'::jsonb;
  last_transaction xid8;
  last_position bigint;
begin
  select count(*), count(recorded_version) into n_wanted, n_found from es.recorded_ids(p_appends);
  if n_found = 0 then
    return null;
  end if;
  if n_found < n_wanted then
    select * into r from es.recorded_ids(p_appends) where recorded_version is not null order by append_index, ord limit 1;
    raise exception using errcode = 'PE422', message = 'idempotency conflict',
      detail = jsonb_build_object('stream', r.append_stream, 'expected', r.append_expected,
        'actual', coalesce((select version from es.streams where stream_name = r.append_stream), 0),
        'eventId', r.id, 'reason', 'only some of its event ids are already recorded')::text;
  end if;
  for r in
    select append_index, append_stream, append_expected, count(*)::integer as k,
           min(recorded_version - ord) as first_version, max(recorded_version - ord) as first_version_max,
           (array_agg(id order by ord) filter (where recorded_stream <> append_stream))[1] as elsewhere_id,
           (array_agg(recorded_stream order by ord) filter (where recorded_stream <> append_stream))[1] as elsewhere_stream,
           (array_agg(id order by ord))[1] as first_id
    from es.recorded_ids(p_appends)
    group by append_index, append_stream, append_expected
    order by append_index
  loop
    cur_version := coalesce((select version from es.streams where stream_name = r.append_stream), 0);
    if r.elsewhere_id is not null then
      raise exception using errcode = 'PE422', message = 'idempotency conflict',
        detail = jsonb_build_object('stream', r.append_stream, 'expected', r.append_expected, 'actual', cur_version,
          'eventId', r.elsewhere_id, 'reason', 'event ' || r.elsewhere_id || ' is recorded on stream ' || r.elsewhere_stream)::text;
    end if;
    if r.first_version <> r.first_version_max then
      raise exception using errcode = 'PE422', message = 'idempotency conflict',
        detail = jsonb_build_object('stream', r.append_stream, 'expected', r.append_expected, 'actual', cur_version,
          'eventId', r.first_id, 'reason', 'its event ids are recorded in another order or among other events')::text;
    end if;
    v0 := r.first_version - 1;
    accepted := case r.append_expected
         when 'any' then true
         when 'no-stream' then v0 = 0
         when 'stream-exists' then v0 > 0
         else v0::bigint = r.append_expected::bigint
       end;
    if not accepted then
      raise exception using errcode = 'PE409', message = 'wrong expected version',
        detail = jsonb_build_object('stream', r.append_stream, 'expected', r.append_expected, 'actual', cur_version,
          'reason', 'its event ids are already recorded, appended after version ' || v0)::text;
    end if;
    results := results || jsonb_build_array(jsonb_build_object('stream', r.append_stream, 'nextVersion', v0 + r.k));
  end loop;
  select recorded_transaction, recorded_position into last_transaction, last_position
    from es.recorded_ids(p_appends) order by recorded_transaction desc, recorded_position desc limit 1;
  return jsonb_build_object('alreadyAppended', true, 'streams', results,
                            'transactionId', last_transaction::text, 'position', last_position::text);
end
$$;
`,
  },
];
