import type { EventType } from './domain-event.js';

/** Turns data stored at version N into version N + 1. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** Per event type, the upcaster from each old version (keyed by the version it reads). */
export const upcasters: Partial<Record<EventType, Record<number, Upcaster>>> = {
  'account.created': {
    // v1 (before the phone number was collected) had no `phone`; v2 states "no phone" explicitly.
    1: (data) => ({ ...data, phone: data.phone ?? null }),
  },
};
