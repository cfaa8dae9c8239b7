import { mapAtPaths } from '@peps/domain';
import type {
  AppendResult,
  Checkpoint,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
  VerifyOptions,
  VerifyReport,
} from '@peps/event-store';
import { isSealedValue, openValue, subjectOf } from './field-cipher.js';
import { SubjectErasedError, type KeyVault } from './key-vault.js';
import { prepareKeysFor, sealEvent, type PersonalFieldMap } from './seal-event.js';

export type { PersonalFieldMap } from './seal-event.js';

/** A key the sealing asked for is not in this process's memory. */
class NotInMemory extends Error {}

/**
 * Crypto-shredding around any event store: on append, the personal values the map names are sealed with their
 * person's key, and the request's source address with a key of its author and month; on read they are opened, and
 * a value whose key was destroyed reads as the map's erased form. The store below only ever holds sealed values, so
 * its hash chain covers them as stored and stays verifiable after an erasure.
 */
export class SealingEventStore implements EventStore {
  readonly committedHead?: EventStore['committedHead'];
  readonly countAfter?: EventStore['countAfter'];
  readonly sharesDatabase?: EventStore['sharesDatabase'];
  readonly streamVersionSql?: EventStore['streamVersionSql'];
  private readonly openedForSubscribers = new WeakMap<RecordedEvent, Promise<RecordedEvent>>();

  constructor(
    private readonly inner: EventStore,
    private readonly vault: KeyVault,
    private readonly map: PersonalFieldMap,
  ) {
    if (inner.committedHead) this.committedHead = () => inner.committedHead!();
    if (inner.countAfter) this.countAfter = (from, cap, types) => inner.countAfter!(from, cap, types);
    // Versions are not personal data: a statement of the same database reads them as the store below would.
    if (inner.sharesDatabase) this.sharesDatabase = (db) => inner.sharesDatabase!(db);
    if (inner.streamVersionSql) this.streamVersionSql = (streamNameSql) => inner.streamVersionSql!(streamNameSql);
  }

  async append(stream: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    return this.inner.append(stream, await this.sealAll(events), options);
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    const sealed = await this.sealAll(appends.flatMap((append) => append.events));
    let next = 0;
    return this.inner.appendMany(appends.map((append) => ({ ...append, events: sealed.slice(next, (next += append.events.length)) })));
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readStream(stream, options));
  }

  streamVersion(stream: string): Promise<number> {
    return this.inner.streamVersion(stream);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readAll(options));
  }

  subscribe(options: SubscribeOptions): Subscription {
    return this.inner.subscribe({ ...options, onEvents: async (events, checkpoint) => options.onEvents(await this.openShared(events), checkpoint) });
  }

  head(): Promise<Checkpoint> {
    return this.inner.head();
  }

  verify(options?: VerifyOptions): Promise<VerifyReport> {
    return this.inner.verify(options);
  }

  nextSequenceValue(name: string): Promise<number> {
    return this.inner.nextSequenceValue(name);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /**
   * Sealed with the keys this process holds; when one is missing, every key of the events is looked up (and those
   * missing created) in one statement, then they are sealed again: one round trip at most, none when warm.
   */
  private async sealAll(events: NewEvent[]): Promise<NewEvent[]> {
    try {
      return await this.sealEach(events, this.inMemory);
    } catch (error) {
      if (!(error instanceof NotInMemory)) throw error;
    }
    await prepareKeysFor(events, this.vault, this.map);
    return this.sealEach(events, this.vault);
  }

  private async sealEach(events: NewEvent[], vault: Pick<KeyVault, 'keyFor'>): Promise<NewEvent[]> {
    const sealed: NewEvent[] = [];
    for (const event of events) sealed.push(await sealEvent(event, vault, this.map));
    return sealed;
  }

  /** `keyFor` from memory only, as the vault would answer it from there. */
  private readonly inMemory: Pick<KeyVault, 'keyFor'> = {
    keyFor: async (subjectId) => {
      const key = this.vault.sealingKeyInMemory(subjectId);
      if (key === 'erased') throw new SubjectErasedError(subjectId);
      if (!key) throw new NotInMemory();
      return key;
    },
  };

  /**
   * Subscribers of the store below share their reads (the same event objects): each event is opened once for all of
   * them, and its opened form lives no longer than the event read from below.
   */
  private openShared(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const missing = events.filter((event) => !this.openedForSubscribers.has(event));
    if (missing.length > 0) {
      const opening = this.openAll(missing);
      missing.forEach((event, i) => this.openedForSubscribers.set(event, opening.then((opened) => opened[i]!)));
    }
    return Promise.all(events.map((event) => this.openedForSubscribers.get(event)!));
  }

  private async openAll(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const subjects = new Set<string>();
    for (const event of events) {
      this.visitSealed(event, (value) => subjects.add(subjectOf(value)));
    }
    if (subjects.size === 0) return events;
    const keys = await this.vault.keysIfAny(subjects);
    const open = (value: unknown, shape: string) => {
      if (!isSealedValue(value)) return value;
      const key = keys.get(subjectOf(value));
      return key instanceof Buffer ? JSON.parse(openValue(value, key)) : this.map.erased(shape);
    };
    return events.map((event) => {
      const personal = this.map.fieldsOf(event.type);
      let data = event.data;
      if (personal) data = mapAtPaths(data, personal.fields, (value, field) => open(value, field.shape));
      const metadata = isSealedValue(event.metadata.sourceAddress) ? { ...event.metadata, sourceAddress: open(event.metadata.sourceAddress, 'text') as string } : event.metadata;
      return data === event.data && metadata === event.metadata ? event : { ...event, data, metadata };
    });
  }

  private visitSealed(event: RecordedEvent, visit: (sealed: string) => void): void {
    if (isSealedValue(event.metadata.sourceAddress)) visit(event.metadata.sourceAddress);
    const personal = this.map.fieldsOf(event.type);
    if (!personal) return;
    mapAtPaths(event.data, personal.fields, (value) => {
      if (isSealedValue(value)) visit(value);
      return value;
    });
  }
}
