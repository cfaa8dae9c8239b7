import { jeanLoutyCreated } from '../testing/fixtures.js';
import type { DomainEvent } from './domain-event.js';
import { eventSchemaVersions, eventTypes, isEventType } from './event-schema-versions.js';
import { toDomainEvent, toStoredEvent, upcast } from './upcast.js';
import { upcasters } from './upcasters.js';

describe('event schema versions and upcasting', () => {
  it('gives every event type a fixed dotted name and a version', () => {
    for (const type of eventTypes) {
      expect(type).toMatch(/^(account|employer|terms-of-use)\.[a-z-]+$/);
      expect(eventSchemaVersions[type]).toBeGreaterThanOrEqual(1);
    }
    expect(isEventType('account.created')).toBe(true);
    expect(isEventType('AccountCreated')).toBe(false);
  });

  it('has an upcaster for every old version', () => {
    for (const type of eventTypes) {
      for (let version = 1; version < eventSchemaVersions[type]; version += 1) {
        expect(upcasters[type]?.[version]).toBeInstanceOf(Function);
      }
    }
  });

  it('upcasts account.created v1 (no phone) to the current version', () => {
    const { phone: _phone, ...v1 } = jeanLoutyCreated().data;
    expect(upcast('account.created', 1, v1)).toEqual({ ...v1, phone: null });
    expect(toDomainEvent({ type: 'account.created', schemaVersion: 1, data: v1 })).toEqual({
      type: 'account.created',
      data: { ...v1, phone: null },
    });
  });

  it('leaves current data untouched', () => {
    const event = jeanLoutyCreated();
    expect(upcast('account.created', 2, event.data)).toEqual(event.data);
  });

  it('round-trips a domain event through its stored form', () => {
    const event: DomainEvent = jeanLoutyCreated();
    const stored = toStoredEvent(event);
    expect(stored.schemaVersion).toBe(2);
    expect(toDomainEvent(stored)).toEqual(event);
  });

  it('refuses unknown types and versions', () => {
    expect(() => toDomainEvent({ type: 'account.exploded', schemaVersion: 1, data: {} })).toThrow('Unknown event type');
    expect(() => upcast('account.created', 3, {})).toThrow('Unsupported schema version');
    expect(() => upcast('account.deleted', 0, {})).toThrow('Unsupported schema version');
  });
});
