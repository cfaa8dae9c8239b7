import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../event-store.port.js';

/** Test helper: events with fresh ids and valid metadata. */
export function newEvent(type = 'test.happened', data: unknown = {}, occurredAt = '2026-01-01T00:00:00.000Z'): NewEvent {
  return {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: { actor: 'test', correlationId: randomUUID(), occurredAt },
  };
}

export function newEvents(count: number, type = 'test.happened'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, { i }));
}
