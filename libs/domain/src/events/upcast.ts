import type { DomainEvent, EventData, EventType } from './domain-event.js';
import { eventSchemaVersions, isEventType } from './event-schema-versions.js';
import { upcasters } from './upcasters.js';

/** Brings data stored under an old schema version up to the current one, one version at a time. */
export function upcast<T extends EventType>(type: T, schemaVersion: number, data: unknown): EventData<T> {
  if (!isEventType(type)) throw new Error(`Unknown event type: ${String(type)}`);
  const current = eventSchemaVersions[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
    throw new Error(`Unsupported schema version ${schemaVersion} for ${type} (current: ${current})`);
  }
  let value = data as Record<string, unknown>;
  for (let version = schemaVersion; version < current; version += 1) {
    const step = upcasters[type]?.[version];
    if (!step) throw new Error(`Missing upcaster for ${type} v${version}`);
    value = step(value);
  }
  return value as EventData<T>;
}

/** What the domain needs of an event as the event store returns it. */
export interface StoredEvent {
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** A stored event (as the event store returns it) as a current domain event. */
export function toDomainEvent(stored: StoredEvent): DomainEvent {
  if (!isEventType(stored.type)) throw new Error(`Unknown event type: ${stored.type}`);
  return { type: stored.type, data: upcast(stored.type, stored.schemaVersion, stored.data) } as DomainEvent;
}

/** The stored form of a domain event: its type, current schema version and data. */
export function toStoredEvent(event: DomainEvent): { type: EventType; schemaVersion: number; data: DomainEvent['data'] } {
  return { type: event.type, schemaVersion: eventSchemaVersions[event.type], data: event.data };
}
