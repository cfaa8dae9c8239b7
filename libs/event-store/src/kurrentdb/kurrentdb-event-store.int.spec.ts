import { randomBytes } from 'node:crypto';
import { eventStoreContract } from '../testing/event-store-contract.js';
import { newEvents } from '../testing/new-events.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';

/**
 * Runs the shared contract against a real KurrentDB/EventStoreDB when KURRENTDB_URL is set, e.g.
 * `KURRENTDB_URL='kurrentdb://127.0.0.1:2113?tls=false' npm test -- libs/event-store/src/kurrentdb`.
 * Each test gets its own namespace (a stream-name prefix), so the suite runs against a server that already holds data.
 */
const url = process.env.KURRENTDB_URL?.trim();

function freshNamespace(): string {
  return `t${randomBytes(6).toString('hex')}.`;
}

if (url) {
  for (const mode of ['auto', 'fallback'] as const) {
    eventStoreContract(`KurrentDB event store contract (multi-stream append: ${mode})`, async () => {
      const namespace = freshNamespace();
      const stores: KurrentDbEventStore[] = [];
      const open = () => {
        const store = KurrentDbEventStore.connect(url, { namespace, multiStreamAppend: mode });
        stores.push(store);
        return store;
      };
      return {
        store: open(),
        connectAgain: open,
        destroy: async () => {
          await Promise.all(stores.map((store) => store.close()));
        },
      };
    });
  }

  describe('KurrentDB event store, sequential fallback for multi-stream appends', () => {
    it('writes the streams one by one and recognises a retry of the whole append', async () => {
      const namespace = freshNamespace();
      const store = KurrentDbEventStore.connect(url, { namespace, multiStreamAppend: 'fallback' });
      const other = KurrentDbEventStore.connect(url, { namespace, multiStreamAppend: 'fallback' });
      try {
        await store.append('employer-1', newEvents(1), { expectedVersion: 'no-stream' });
        const appends = [
          { stream: 'account-1', events: newEvents(1), expectedVersion: 'no-stream' as const },
          { stream: 'employer-1', events: newEvents(1), expectedVersion: 'any' as const },
        ];
        await expect(store.appendMany(appends)).resolves.toMatchObject({ alreadyAppended: false });
        await expect(store.appendMany(appends)).resolves.toMatchObject({ alreadyAppended: true });
        expect(await other.streamVersion('employer-1')).toBe(2);
      } finally {
        await Promise.all([store.close(), other.close()]);
      }
    });
  });
} else {
  describe('KurrentDB event store contract', () => {
    console.log('KurrentDB contract suite skipped: KURRENTDB_URL is not set');
    it('was skipped: KURRENTDB_URL is not set (nothing to connect to)', () => {
      expect(url).toBeFalsy();
    });
  });
}
