import type { Checkpoint, EventStore, RecordedEvent } from '../event-store.port.js';
import { compareCheckpoints } from '../event-store.port.js';
import { IdempotencyConflictError, InvalidAppendError, WrongExpectedVersionError } from '../errors.js';
import { newEvent, newEvents } from './new-events.js';
import { collectEvents, readAllCommitted, until } from './subscription-helpers.js';

/** One store under test, fresh (empty) for each test. */
export interface EventStoreUnderTest {
  store: EventStore;
  /** Another connection to the same store, for concurrency tests (may return `store` where there is only one). */
  connectAgain(): EventStore;
  destroy(): Promise<void>;
}

/**
 * The contract every EventStore adapter honours. Register it inside a spec file:
 * `eventStoreContract('SQL event store contract on pglite', async () => ({ store, connectAgain, destroy }))`.
 * Engine-specific tests (SQL transaction races, tampering through SQL) stay in the adapter's own spec.
 */
export function eventStoreContract(name: string, factory: () => Promise<EventStoreUnderTest>): void {
  describe(name, () => {
    let harness: EventStoreUnderTest;
    let store: EventStore;

    beforeEach(async () => {
      harness = await factory();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.destroy();
    });

    describe('expected versions', () => {
      it('no-stream accepts a new stream and refuses an existing one with its actual version', async () => {
        const first = await store.append('account-1', newEvents(2), { expectedVersion: 'no-stream' });
        expect(first.streams).toEqual([{ stream: 'account-1', nextVersion: 2 }]);
        const refusal = await store.append('account-1', newEvents(1), { expectedVersion: 'no-stream' }).catch((e) => e);
        expect(refusal).toBeInstanceOf(WrongExpectedVersionError);
        expect(refusal).toMatchObject({ stream: 'account-1', expected: 'no-stream', actual: 2 });
      });

      it('stream-exists refuses a missing stream and accepts an existing one', async () => {
        await expect(store.append('account-2', newEvents(1), { expectedVersion: 'stream-exists' })).rejects.toMatchObject({ actual: 0 });
        await store.append('account-2', newEvents(1), { expectedVersion: 'any' });
        await expect(store.append('account-2', newEvents(1), { expectedVersion: 'stream-exists' })).resolves.toMatchObject({
          streams: [{ stream: 'account-2', nextVersion: 2 }],
        });
      });

      it('a number must equal the current version; 0 means no stream', async () => {
        await store.append('account-3', newEvents(1), { expectedVersion: 0 });
        await expect(store.append('account-3', newEvents(1), { expectedVersion: 0 })).rejects.toMatchObject({ actual: 1, expected: 0 });
        await expect(store.append('account-3', newEvents(1), { expectedVersion: 2 })).rejects.toMatchObject({ actual: 1 });
        await store.append('account-3', newEvents(1), { expectedVersion: 1 });
        expect(await store.streamVersion('account-3')).toBe(2);
      });

      it('any always appends', async () => {
        await store.append('account-4', newEvents(1), { expectedVersion: 'any' });
        await store.append('account-4', newEvents(1), { expectedVersion: 'any' });
        expect(await store.streamVersion('account-4')).toBe(2);
      });

      it('of two concurrent no-stream appends exactly one wins', async () => {
        const other = harness.connectAgain();
        for (let round = 0; round < 10; round++) {
          const stream = `employer-${round}`;
          const outcomes = await Promise.allSettled([
            store.append(stream, newEvents(1), { expectedVersion: 'no-stream' }),
            other.append(stream, newEvents(1), { expectedVersion: 'no-stream' }),
          ]);
          expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
          const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
          expect(rejected.reason).toBeInstanceOf(WrongExpectedVersionError);
          expect(await store.streamVersion(stream)).toBe(1);
        }
      });
    });

    describe('atomic multi-stream appends', () => {
      it('writes every stream or none', async () => {
        await store.append('employer-9', newEvents(1), { expectedVersion: 'no-stream' });
        const result = await store.appendMany([
          { stream: 'account-9', events: newEvents(1), expectedVersion: 'no-stream' },
          { stream: 'employer-9', events: newEvents(1), expectedVersion: 1 },
        ]);
        expect(result.streams).toEqual([
          { stream: 'account-9', nextVersion: 1 },
          { stream: 'employer-9', nextVersion: 2 },
        ]);
        await expect(
          store.appendMany([
            { stream: 'account-10', events: newEvents(1), expectedVersion: 'no-stream' },
            { stream: 'employer-9', events: newEvents(1), expectedVersion: 1 },
          ]),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.streamVersion('account-10')).toBe(0);
        expect(await store.readStream('account-10')).toEqual([]);
      });
    });

    describe('idempotency', () => {
      it('re-appending the same event ids is a no-op returning the original result', async () => {
        const events = newEvents(3);
        const first = await store.append('account-5', events, { expectedVersion: 'no-stream' });
        const retry = await store.append('account-5', events, { expectedVersion: 'no-stream' });
        expect(retry.alreadyAppended).toBe(true);
        expect(retry.streams).toEqual(first.streams);
        expect(retry.checkpoint).toEqual(first.checkpoint);
        expect(await store.readStream('account-5')).toHaveLength(3);
      });

      it.each([['any' as const], ['stream-exists' as const], [1]])(
        'a retry under expected version %s is recognised too (its version check passes or fails differently)',
        async (expectedVersion) => {
          await store.append('account-51', newEvents(1), { expectedVersion: 'no-stream' });
          const events = newEvents(2);
          const first = await store.append('account-51', events, { expectedVersion });
          const retry = await store.append('account-51', events, { expectedVersion });
          expect(retry).toEqual({ ...first, alreadyAppended: true });
          expect(await store.readStream('account-51')).toHaveLength(3);
        },
      );

      it('a retry of a multi-stream append returns the original result and writes nothing', async () => {
        const a = newEvents(2);
        const b = newEvents(1);
        const appends = [
          { stream: 'account-52', events: a, expectedVersion: 'no-stream' as const },
          { stream: 'employer-52', events: b, expectedVersion: 'any' as const },
        ];
        const first = await store.appendMany(appends);
        const retry = await store.appendMany(appends);
        expect(retry.alreadyAppended).toBe(true);
        expect([...retry.streams].sort((x, y) => x.stream.localeCompare(y.stream))).toEqual(
          [...first.streams].sort((x, y) => x.stream.localeCompare(y.stream)),
        );
        expect(await store.readStream('account-52')).toHaveLength(2);
        expect(await store.readStream('employer-52')).toHaveLength(1);
      });

      it('a partial overlap of ids is a conflict, not a silent merge', async () => {
        const events = newEvents(2);
        await store.append('account-6', events, { expectedVersion: 'any' });
        await expect(store.append('account-6', [events[0], newEvent()], { expectedVersion: 'any' })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
      });
    });

    describe('bad input writes nothing', () => {
      it.each([
        ['an empty stream name', ''],
        ['a stream name with spaces', 'account 1'],
        ['a stream name starting with a digit', '1account'],
        ['an overlong stream name', `account-${'x'.repeat(300)}`],
      ])('refuses %s', async (_label, stream) => {
        await expect(store.append(stream, newEvents(1), { expectedVersion: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
      });

      it('refuses a stream named twice in one call, and writes nothing', async () => {
        await expect(
          store.appendMany([
            { stream: 'account-twice', events: newEvents(1), expectedVersion: 'no-stream' },
            { stream: 'account-twice', events: newEvents(1), expectedVersion: 'any' },
          ]),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.readStream('account-twice')).toEqual([]);
      });

      it('refuses events over 1 MiB, non-JSON data, bad ids and missing metadata', async () => {
        const big = newEvent('test.big', { blob: 'x'.repeat(1024 * 1024) });
        const nonJson = newEvent('test.bad', { when: new Date() });
        const bigint = newEvent('test.bad', { n: 1n });
        const nan = newEvent('test.bad', { n: Number.NaN });
        const badId = { ...newEvent(), id: 'not-a-uuid' };
        const noMeta = { ...newEvent(), metadata: {} as never };
        for (const event of [big, nonJson, bigint, nan, badId, noMeta]) {
          await expect(store.append('account-7', [event], { expectedVersion: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
        }
        await expect(store.append('account-7', [], { expectedVersion: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.readAll()).toEqual([]);
      });
    });

    describe('reads', () => {
      it('reads a stream forwards, backwards, from a version and up to an instant', async () => {
        const events = [1, 2, 3, 4].map((day) => newEvent('test.happened', { day }, `2026-01-0${day}T12:00:00.000Z`));
        await store.append('account-8', events, { expectedVersion: 'no-stream' });
        const forwards = await store.readStream('account-8');
        expect(forwards.map((e) => e.version)).toEqual([1, 2, 3, 4]);
        expect(forwards[0]).toMatchObject({
          id: events[0].id,
          stream: 'account-8',
          type: 'test.happened',
          schemaVersion: 1,
          data: { day: 1 },
          metadata: events[0].metadata,
        });
        expect(typeof forwards[0].position).toBe('bigint');
        expect(forwards[0].hash).toMatch(/^[0-9a-f]{64}$/);
        expect((await store.readStream('account-8', { direction: 'backwards' })).map((e) => e.version)).toEqual([4, 3, 2, 1]);
        expect((await store.readStream('account-8', { fromVersion: 3 })).map((e) => e.version)).toEqual([3, 4]);
        expect((await store.readStream('account-8', { direction: 'backwards', fromVersion: 2 })).map((e) => e.version)).toEqual([2, 1]);
        expect(
          (await store.readStream('account-8', { upTo: new Date('2026-01-02T12:00:00.000Z') })).map((e) => e.version),
        ).toEqual([1, 2]);
      });

      it('reads the global log from a checkpoint, filtered by category or event type', async () => {
        await store.append('account-1', [newEvent('account.created')], { expectedVersion: 'any' });
        await store.append('employer-1', [newEvent('employer.registered')], { expectedVersion: 'any' });
        const cut = await store.append('account-2', [newEvent('account.created'), newEvent('account.deleted')], { expectedVersion: 'any' });
        await store.append('account-3', [newEvent('account.deleted')], { expectedVersion: 'any' });
        // Waits until a transaction open elsewhere on the server (another test's) no longer hides them; after that
        // they stay visible.
        expect((await readAllCommitted(store)).map((e) => e.stream)).toEqual(['account-1', 'employer-1', 'account-2', 'account-2', 'account-3']);
        expect((await store.readAll({ categories: ['employer'] })).map((e) => e.type)).toEqual(['employer.registered']);
        expect((await store.readAll({ eventTypes: ['account.deleted'] })).map((e) => e.stream)).toEqual(['account-2', 'account-3']);
        expect((await store.readAll({ after: cut.checkpoint })).map((e) => e.stream)).toEqual(['account-3']);
        expect(await store.head()).toEqual((await store.readAll()).map((e) => ({ transactionId: e.transactionId, position: e.position })).at(-1));
      });
    });

    describe('subscriptions', () => {
      const collect = (after?: Checkpoint) => collectEvents(store, after);

      it('8 concurrent writers x 2,000 events: a tailing subscriber receives each exactly once, in log order', async () => {
        const tail = collect();
        const writers = Array.from({ length: 8 }, () => harness.connectAgain());
        const perWriter = 2_000;
        await Promise.all(
          writers.map(async (writer, w) => {
            // Batches of varied size keep both single-event and multi-event transactions in the mix.
            let written = 0;
            while (written < perWriter) {
              const size = Math.min(perWriter - written, 1 + ((written * 7 + w) % 5));
              await writer.append(`load-${w}`, newEvents(size, 'test.loaded'), { expectedVersion: written === 0 ? 'no-stream' : written });
              written += size;
            }
          }),
        );
        await until(() => tail.received.length >= 8 * perWriter);
        await new Promise((r) => setTimeout(r, 200));
        await tail.subscription.stop();
        expect(tail.received).toHaveLength(8 * perWriter);
        expect(new Set(tail.received.map((e) => e.id)).size).toBe(8 * perWriter);
        for (let i = 1; i < tail.received.length; i++) {
          expect(compareCheckpoints(tail.received[i - 1], tail.received[i])).toBe(-1);
        }
        for (let w = 0; w < 8; w++) {
          const versions = tail.received.filter((e) => e.stream === `load-${w}`).map((e) => e.version);
          expect(versions).toEqual(Array.from({ length: perWriter }, (_, i) => i + 1));
        }
      });

      it('resumes from a stored checkpoint after a restart', async () => {
        await store.append('account-1', newEvents(10), { expectedVersion: 'any' });
        const first = collect();
        await until(() => first.received.length === 10);
        await first.subscription.stop();
        const saved = first.checkpoint();
        await store.append('account-1', newEvents(5), { expectedVersion: 'any' });
        const second = collect(saved);
        await until(() => second.received.length === 5);
        await new Promise((r) => setTimeout(r, 150));
        await second.subscription.stop();
        expect(second.received.map((e) => e.version)).toEqual([11, 12, 13, 14, 15]);
      });

      it('retries with backoff when its handler fails, without skipping', async () => {
        await store.append('account-1', newEvents(3), { expectedVersion: 'any' });
        let failures = 0;
        const received: RecordedEvent[] = [];
        const errors: number[] = [];
        const subscription = store.subscribe({
          onEvents: async (events) => {
            if (failures < 2) {
              failures++;
              throw new Error('temporary');
            }
            received.push(...events);
          },
          onError: (_error, attempt) => errors.push(attempt),
        });
        await until(() => received.length === 3);
        await subscription.stop();
        expect(errors).toEqual([1, 2]);
        expect(received.map((e) => e.version)).toEqual([1, 2, 3]);
      });
    });

    describe('tamper evidence', () => {
      it('verify() passes on an untouched store', async () => {
        await store.append('account-1', newEvents(3), { expectedVersion: 'any' });
        await store.append('account-2', [newEvent('account.created', { name: 'Élise Ñoël' })], { expectedVersion: 'any' });
        expect(await store.verify()).toEqual({ ok: true, streamsChecked: 2, eventsChecked: 4 });
      });
    });

    it('allocates sequence values without gaps or repeats under concurrency', async () => {
      const values = await Promise.all(Array.from({ length: 50 }, () => store.nextSequenceValue('identifier-JLO')));
      expect(new Set(values).size).toBe(50);
      expect(Math.max(...values)).toBe(50);
      expect(await store.nextSequenceValue('identifier-ABC')).toBe(1);
    });
  });
}
