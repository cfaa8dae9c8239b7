import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  accountDecider,
  DomainError,
  employerDecider,
  foldStream,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
  type DomainEvent,
  type EmployerCommand,
  type EmployerEvent,
  type EmployerState,
  type CommandMetadata,
  type StoredEvent,
} from '@peps/domain';
import { WrongExpectedVersionError, type AppendResult, type EventStore, type StreamAppend } from '@peps/event-store';
import type { PlatformClock } from '@peps/runtime';
import { loadAggregate, toNewEvents, type Loaded } from './event-sourcing.js';
import { commandMetadata, type RequestContext } from '@peps/runtime';
import { accountStream, employerStream } from '@peps/domain';
import { EVENT_STORE, PLATFORM_CLOCK } from '@peps/runtime';
import { recordWrittenPosition } from './written-position.js';
import { retryOnConflict } from './conflict-retry.js';
import { recordCorrelationId } from '../../operations/logging/request-scope.js';
import { PlatformMetrics } from '../../operations/metrics/platform-metrics.js';

/** Employers whose state a process keeps; the oldest goes first past it. */
const MAX_CACHED_EMPLOYERS = 10_000;
/** Accounts whose folded state a process keeps (see loadAccount); the least recently used goes first past it. */
const MAX_CACHED_ACCOUNTS = 10_000;
/** `accountStream(id)` is this prefix and the id. */
const ACCOUNT_STREAM_PREFIX = accountStream('');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A kept account state with later events of its stream folded in. */
const foldOnto = (state: AccountState, later: readonly StoredEvent[]): AccountState =>
  foldStream<AccountEvent, AccountState>({ initialState: state, evolve: accountDecider.evolve }, later);

/** An id from a URL that is not even a UUID names no account: 404, like any unknown one. */
export function requireAccountId(id: string): string {
  if (!UUID.test(id)) throw new DomainError('account.not-found');
  return id.toLowerCase();
}

export interface Decided {
  /** Appends to run together, all or nothing. */
  appends: StreamAppend[];
  /** The domain events, in the order of `appends`' events (for links and results). */
  events: DomainEvent[];
}

/**
 * The shared mechanics of the command handlers: load, decide, append with expected version.
 * `retrying` repeats the whole load-decide-append when another writer got there first; only use it where a fresh
 * decision on fresh state is what the caller asked for (no client-side expected version).
 */
@Injectable()
export class WriteSide {
  /** Employer states by id with their stream version, most recently used last (see loadEmployer). */
  private readonly employers = new Map<string, Loaded<EmployerState>>();
  /** Account states by id with their stream version, most recently used last (see loadAccount). */
  private readonly accounts = new Map<string, Loaded<AccountState>>();

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock,
    /** Absent where a spec builds the write side by hand. */
    @Optional() private readonly metrics?: PlatformMetrics,
  ) {}

  metadata(context: RequestContext): CommandMetadata {
    return commandMetadata(context, this.clock.now());
  }

  now(): Date {
    return this.clock.now();
  }

  /**
   * The account as its stream tells it. A state this process folded before is brought up to date with the events
   * after its version only (one read still, always: another process may have written since): an account signing in
   * every day for years does not read and open thousands of events at each sign-in. An erasure seen in those events
   * drops the state kept (its values were opened before the key was destroyed) and folds the stream afresh.
   */
  async loadAccount(accountId: string): Promise<Loaded<AccountState>> {
    const stream = accountStream(accountId);
    const cached = this.accounts.get(accountId);
    if (!cached) return this.keepAccount(accountId, await loadAggregate<AccountEvent, AccountState>(this.store, stream, accountDecider));
    const after = await this.store.readStream(stream, { fromVersion: cached.version + 1 });
    if (after.some((event) => event.type === 'account.personal-data-erased')) {
      this.accounts.delete(accountId);
      return loadAggregate<AccountEvent, AccountState>(this.store, stream, accountDecider);
    }
    const loaded = after.length ? { state: foldOnto(cached.state, after), version: after[after.length - 1]!.version } : cached;
    return this.keepAccount(accountId, loaded);
  }

  private keepAccount(accountId: string, loaded: Loaded<AccountState>): Loaded<AccountState> {
    this.accounts.delete(accountId);
    // An erased account is read as it is stored, every time (nothing opened is kept of it).
    if (!loaded.state || loaded.state.personalDataErasedAt) return loaded;
    if (this.accounts.size >= MAX_CACHED_ACCOUNTS) this.accounts.delete(this.accounts.keys().next().value as string);
    this.accounts.set(accountId, loaded);
    return loaded;
  }

  /**
   * The employer as its stream tells it. With `knownVersion` (the stream's version read in the same statement as the
   * session), a state this process folded at that version is returned without reading the stream again.
   */
  async loadEmployer(employerId: string, knownVersion?: number): Promise<Loaded<EmployerState>> {
    const cached = this.employers.get(employerId);
    if (cached && knownVersion !== undefined && cached.version === knownVersion) return cached;
    const loaded = await loadAggregate<EmployerEvent, EmployerState>(this.store, employerStream(employerId), employerDecider);
    if (loaded.state) {
      this.employers.delete(employerId);
      if (this.employers.size >= MAX_CACHED_EMPLOYERS) this.employers.delete(this.employers.keys().next().value as string);
      this.employers.set(employerId, loaded);
    }
    return loaded;
  }

  /** `loadEmployer` for a request: the session's employer version is known for the actor's own employer only. */
  employerOf(context: RequestContext, employerId: string): Promise<Loaded<EmployerState>> {
    const own = context.actor.kind === 'account' && context.actor.employerId === employerId;
    return this.loadEmployer(employerId, own ? context.employerStreamVersion : undefined);
  }

  /** Decides a command on an account and on the state it leads to, folding the events in between. */
  decideAccount(command: AccountCommand, state: AccountState, metadata: CommandMetadata): { events: AccountEvent[]; state: AccountState } {
    const events = accountDecider.decide(command, state, metadata);
    return { events, state: events.reduce(accountDecider.evolve, state) };
  }

  decideEmployer(command: EmployerCommand, state: EmployerState, metadata: CommandMetadata): EmployerEvent[] {
    return employerDecider.decide(command, state, metadata);
  }

  append(stream: string, events: DomainEvent[], expectedVersion: number | 'no-stream', metadata: CommandMetadata): StreamAppend {
    return { stream, events: toNewEvents(events, metadata), expectedVersion };
  }

  /**
   * Appends all or nothing, and remembers the position for the request's answer (read your writes) and the
   * correlation id for its log line; timed for `/metrics` (peps_event_store_append_duration_seconds).
   */
  async appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    recordCorrelationId(appends[0]?.events[0]?.metadata.correlationId);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let result: AppendResult;
    try {
      result = await this.store.appendMany(appends);
    } catch (error) {
      this.metrics?.appended(error instanceof WrongExpectedVersionError ? 'conflict' : 'error', seconds(), 0);
      throw error;
    }
    this.metrics?.appended(result.alreadyAppended ? 'already-appended' : 'appended', seconds(), appends.reduce((n, a) => n + a.events.length, 0));
    recordWrittenPosition(result.checkpoint);
    if (!result.alreadyAppended) this.advanceKeptAccounts(appends, result);
    return result;
  }

  /**
   * An account state kept at the version this append expected is, after the append, that state with the appended
   * events folded in: kept at the new version, the next load reads no event back (nor opens one). Only a state kept
   * before is advanced: a creation does not fill the cache (an import creates thousands).
   */
  private advanceKeptAccounts(appends: readonly StreamAppend[], result: AppendResult): void {
    appends.forEach((append, i) => {
      if (!append.stream.startsWith(ACCOUNT_STREAM_PREFIX)) return;
      const accountId = append.stream.slice(ACCOUNT_STREAM_PREFIX.length);
      const kept = this.accounts.get(accountId);
      const written = result.streams[i];
      if (!kept || kept.version !== append.expectedVersion || written?.stream !== append.stream) return;
      this.keepAccount(accountId, { state: foldOnto(kept.state, append.events), version: written.nextVersion });
    });
  }

  /** `retryOnConflict` with a count of its own (commands on one account stream, where conflicts are rare). */
  retrying<T>(attempts: number, work: () => Promise<T>): Promise<T> {
    return retryOnConflict(work, attempts);
  }
}
