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
  VerifyReport,
} from '@peps/event-store';
import { connectionKeyOf, SOURCE_ADDRESS_PURPOSE } from './connection-keys.js';
import { isSealedValue, openValue, sealValue, subjectOf } from './field-cipher.js';
import { SubjectErasedError, type KeyVault } from './key-vault.js';

/** Where an event type keeps personal values: the `data` key naming their person, and each value's path and shape. */
export interface PersonalFieldMap {
  /** `subject` names a `data` key holding a person's id, or a list of ids (the first one's key seals). */
  fieldsOf(type: string): { subject: string; fields: readonly { path: readonly string[]; shape: string }[] } | undefined;
  /** What a value of this shape reads as once its key was destroyed. */
  erased(shape: string): unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Crypto-shredding around any event store: on append, the personal values the map names are sealed with their
 * person's key, and the request's source address with a key of its author and month; on read they are opened, and
 * a value whose key was destroyed reads as the map's erased form. The store below only ever holds sealed values, so
 * its hash chain covers them as stored and stays verifiable after an erasure.
 */
export class SealingEventStore implements EventStore {
  readonly committedHead?: EventStore['committedHead'];
  readonly countAfter?: EventStore['countAfter'];

  constructor(
    private readonly inner: EventStore,
    private readonly vault: KeyVault,
    private readonly map: PersonalFieldMap,
  ) {
    if (inner.committedHead) this.committedHead = () => inner.committedHead!();
    if (inner.countAfter) this.countAfter = (from, cap, types) => inner.countAfter!(from, cap, types);
  }

  async append(stream: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    return this.inner.append(stream, await this.sealAll(events), options);
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    const sealed: StreamAppend[] = [];
    for (const append of appends) sealed.push({ ...append, events: await this.sealAll(append.events) });
    return this.inner.appendMany(sealed);
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
    return this.inner.subscribe({ ...options, onEvents: async (events, checkpoint) => options.onEvents(await this.openAll(events), checkpoint) });
  }

  head(): Promise<Checkpoint> {
    return this.inner.head();
  }

  verify(): Promise<VerifyReport> {
    return this.inner.verify();
  }

  nextSequenceValue(name: string): Promise<number> {
    return this.inner.nextSequenceValue(name);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async sealAll(events: NewEvent[]): Promise<NewEvent[]> {
    const sealed: NewEvent[] = [];
    for (const event of events) sealed.push(await this.seal(event));
    return sealed;
  }

  private async seal(event: NewEvent): Promise<NewEvent> {
    const at = new Date(event.metadata.occurredAt);
    const personal = this.map.fieldsOf(event.type);
    const named = personal && isObject(event.data) ? event.data[personal.subject] : undefined;
    // A list of people (accounts sharing an address): the first one's key.
    const subject = Array.isArray(named) ? named[0] : named;
    let data = event.data;
    if (personal && isUuid(subject)) {
      const key = await this.keyOrErased(() => this.vault.keyFor(subject, at));
      for (const field of personal.fields) {
        data = mapAt(data, field.path, (value) => {
          if (value === null || value === undefined || isSealedValue(value)) return value;
          return key ? sealValue(subject, key, JSON.stringify(value)) : this.map.erased(field.shape);
        });
      }
    }
    let metadata = event.metadata;
    const address = metadata.sourceAddress;
    if (typeof address === 'string' && !isSealedValue(address)) {
      const owner = isUuid(metadata.actor) ? metadata.actor : isUuid(subject) ? subject : isObject(event.data) && isUuid(event.data.accountId) ? event.data.accountId : null;
      const connection = connectionKeyOf(owner, event.metadata.occurredAt);
      const key = await this.keyOrErased(() => this.vault.keyFor(connection.subjectId, at, { ownerId: owner, purpose: SOURCE_ADDRESS_PURPOSE, period: connection.period }));
      const { sourceAddress: _dropped, ...rest } = metadata;
      // An erased author's address is not kept at all.
      metadata = key ? { ...rest, sourceAddress: sealValue(connection.subjectId, key, JSON.stringify(address)) } : rest;
    }
    return data === event.data && metadata === event.metadata ? event : { ...event, data, metadata };
  }

  private async keyOrErased(get: () => Promise<Buffer>): Promise<Buffer | null> {
    try {
      return await get();
    } catch (error) {
      if (error instanceof SubjectErasedError) return null;
      throw error;
    }
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
      if (personal) for (const field of personal.fields) data = mapAt(data, field.path, (value) => open(value, field.shape));
      const metadata = isSealedValue(event.metadata.sourceAddress) ? { ...event.metadata, sourceAddress: open(event.metadata.sourceAddress, 'text') as string } : event.metadata;
      return data === event.data && metadata === event.metadata ? event : { ...event, data, metadata };
    });
  }

  private visitSealed(event: RecordedEvent, visit: (sealed: string) => void): void {
    if (isSealedValue(event.metadata.sourceAddress)) visit(event.metadata.sourceAddress);
    const personal = this.map.fieldsOf(event.type);
    if (!personal) return;
    for (const field of personal.fields) {
      mapAt(event.data, field.path, (value) => {
        if (isSealedValue(value)) visit(value);
        return value;
      });
    }
  }
}

/**
 * `data` with the value at `path` replaced by `change(value)` (`*`: every key of an object), copied along the path
 * only where something changed: the caller's objects are never modified.
 */
function mapAt(data: unknown, path: readonly string[], change: (value: unknown) => unknown): unknown {
  if (path.length === 0) return change(data);
  if (!isObject(data)) return data;
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(data) : Object.prototype.hasOwnProperty.call(data, head!) ? [head!] : [];
  let copy: Json | null = null;
  for (const key of keys) {
    const next = mapAt(data[key], rest, change);
    if (next !== data[key]) {
      copy ??= { ...data };
      copy[key] = next;
    }
  }
  return copy ?? data;
}
