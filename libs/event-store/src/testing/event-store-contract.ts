import type { Checkpoint, EventStore, RecordedEvent } from '../event-store.port.js';
import { compareCheckpoints } from '../event-store.port.js';
import { IdempotencyConflictError, InvalidAppendError, InvalidReadArgumentError, WrongExpectedVersionError } from '../errors.js';
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

    describe('retries, as EventStoreDB answers them', () => {
      // account-60 holds one event, then `events` appended with expected version 1 (versions 2 and 3).
      const setUp = async () => {
        await store.append('account-60', newEvents(1), { expectedVersion: 'no-stream' });
        const events = newEvents(2);
        const first = await store.append('account-60', events, { expectedVersion: 1 });
        return { events, first };
      };

      it('the same ids with the same expected version: the original result, even after the stream moved on', async () => {
        const { events, first } = await setUp();
        await store.append('account-60', newEvents(1), { expectedVersion: 3 });
        expect(await store.append('account-60', events, { expectedVersion: 1 })).toEqual({ ...first, alreadyAppended: true });
        expect(await store.append('account-60', events, { expectedVersion: 'any' })).toEqual({ ...first, alreadyAppended: true });
        expect(await store.append('account-60', events, { expectedVersion: 'stream-exists' })).toEqual({ ...first, alreadyAppended: true });
        expect(await store.readStream('account-60')).toHaveLength(4);
      });

      // A writer deriving its ids from what it decided (a deadline reached twice) must hear of a real conflict.
      it.each([['no-stream' as const], [0], [2], [3], [7], [2 ** 40]])(
        'the same ids with expected version %p, which the original append did not have: WrongExpectedVersion, nothing written',
        async (expectedVersion) => {
          const { events } = await setUp();
          const refused = await store.append('account-60', events, { expectedVersion }).catch((error: unknown) => error);
          expect(refused).toBeInstanceOf(WrongExpectedVersionError);
          expect(refused).not.toBeInstanceOf(IdempotencyConflictError);
          expect(refused).toMatchObject({ stream: 'account-60', expected: expectedVersion, actual: 3 });
          expect((await store.readStream('account-60')).map((e) => e.id)).toEqual([expect.any(String), ...events.map((e) => e.id)]);
        },
      );

      it('stream-exists is not the expectation of an append that created its stream', async () => {
        const events = newEvents(2);
        await store.append('account-61', events, { expectedVersion: 'no-stream' });
        await expect(store.append('account-61', events, { expectedVersion: 'stream-exists' })).rejects.toMatchObject({
          name: 'WrongExpectedVersionError',
          stream: 'account-61',
          actual: 2,
        });
        await expect(store.append('account-61', events, { expectedVersion: 'any' })).resolves.toMatchObject({ alreadyAppended: true });
        await expect(store.append('account-61', events, { expectedVersion: 0 })).resolves.toMatchObject({ alreadyAppended: true });
      });

      it.each([
        ['recorded first, new after', (recorded: string[]) => [recorded[0], null]],
        ['new first, recorded after', (recorded: string[]) => [null, recorded[1]]],
      ])('ids partly recorded (%s) under any expectation: a WrongExpectedVersion that says so, nothing written', async (_label, pick) => {
        const { events } = await setUp();
        const retry = pick(events.map((e) => e.id)).map((id) => (id ? events.find((e) => e.id === id)! : newEvent()));
        for (const expectedVersion of ['any' as const, 'stream-exists' as const, 1, 3, 'no-stream' as const]) {
          const refused = await store.append('account-60', retry, { expectedVersion }).catch((error: unknown) => error);
          expect(refused).toBeInstanceOf(IdempotencyConflictError);
          expect(refused).toBeInstanceOf(WrongExpectedVersionError);
          expect(refused).toMatchObject({ stream: 'account-60', expected: expectedVersion, actual: 3 });
        }
        expect(await store.readStream('account-60')).toHaveLength(3);
      });

      it('a multi-stream retry follows the same rules stream by stream', async () => {
        await store.append('employer-62', newEvents(1), { expectedVersion: 'no-stream' });
        const a = newEvents(1);
        const b = newEvents(2);
        const first = await store.appendMany([
          { stream: 'account-62', events: a, expectedVersion: 'no-stream' },
          { stream: 'employer-62', events: b, expectedVersion: 1 },
        ]);
        const again = (expectedVersion: number, events = b) =>
          store.appendMany([
            { stream: 'account-62', events: a, expectedVersion: 'no-stream' },
            { stream: 'employer-62', events, expectedVersion },
          ]);
        expect(await again(1)).toEqual({ ...first, alreadyAppended: true });
        // The employer's stream is at 3 now: a writer that believes its events are not there yet is told otherwise.
        await expect(again(3)).rejects.toMatchObject({ name: 'WrongExpectedVersionError', stream: 'employer-62', expected: 3, actual: 3 });
        const partial = await again(1, [b[0], newEvent()]).catch((error: unknown) => error);
        expect(partial).toBeInstanceOf(IdempotencyConflictError);
        expect(partial).toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.streamVersion('account-62')).toBe(1);
        expect(await store.streamVersion('employer-62')).toBe(3);
      });

      it('an expected version beyond the safe integers is bad input, not a conflict', async () => {
        await store.append('account-63', newEvents(1), { expectedVersion: 'no-stream' });
        for (const expectedVersion of [2 ** 53, 2 ** 64, -1, 1.5, Number.NaN]) {
          await expect(store.append('account-63', newEvents(1), { expectedVersion })).rejects.toBeInstanceOf(InvalidAppendError);
        }
        expect(await store.streamVersion('account-63')).toBe(1);
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

    describe('read arguments', () => {
      const invalid = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(InvalidReadArgumentError);

      it.each([
        ['limit 0', { limit: 0 }],
        ['a negative limit', { limit: -1 }],
        ['a fractional limit', { limit: 1.5 }],
        ['a limit beyond the safe integers', { limit: 2 ** 64 }],
        ['a limit that is not a number', { limit: '10' }],
        ['a negative version', { fromVersion: -1 }],
        ['a fractional version', { fromVersion: 2.5 }],
        ['a version of 2^64', { fromVersion: 2 ** 64 }],
        ['a version that is not a number', { fromVersion: Number.NaN }],
        ['an unknown direction', { direction: 'sideways' }],
        ['an invalid instant', { upTo: new Date('not a date') }],
        ['an instant that is not a Date', { upTo: '2026-01-01' }],
      ])('readStream refuses %s with a typed error', async (_label, options) => {
        await store.append('account-70', newEvents(2), { expectedVersion: 'no-stream' });
        await invalid(store.readStream('account-70', options as never));
      });

      it.each([
        ['limit 0', { limit: 0 }],
        ['a fractional limit', { limit: 0.5 }],
        ['a negative checkpoint', { after: { transactionId: -1n, position: 0n } }],
        ['a checkpoint at 2^63', { after: { transactionId: 1n, position: 2n ** 63n } }],
        ['a checkpoint of numbers', { after: { transactionId: 1, position: 1 } }],
        ['categories that are not a list', { categories: 'account' }],
        ['event types that are not strings', { eventTypes: [1] }],
      ])('readAll refuses %s with a typed error', async (_label, options) => {
        await invalid(store.readAll(options as never));
      });

      it('subscribe and countAfter refuse bad arguments before starting', async () => {
        const onEvents = async () => undefined;
        expect(() => store.subscribe({ onEvents, batchSize: 0 })).toThrow(InvalidReadArgumentError);
        expect(() => store.subscribe({ onEvents, after: { transactionId: 0n, position: -5n } })).toThrow(InvalidReadArgumentError);
        if (store.countAfter) {
          await invalid(store.countAfter({ transactionId: 2n ** 64n, position: 0n }));
          await invalid(store.countAfter({ transactionId: 0n, position: 0n }, 0));
        }
      });

      it('reads at the edges of the ranges it accepts', async () => {
        await store.append('account-71', newEvents(3), { expectedVersion: 'no-stream' });
        expect(await store.readStream('account-71', { fromVersion: 2 ** 40 })).toEqual([]);
        expect(await store.readStream('account-71', { fromVersion: Number.MAX_SAFE_INTEGER })).toEqual([]);
        expect((await store.readStream('account-71', { direction: 'backwards', fromVersion: 2 ** 40 })).map((e) => e.version)).toEqual([3, 2, 1]);
        expect((await store.readStream('account-71', { limit: Number.MAX_SAFE_INTEGER })).map((e) => e.version)).toEqual([1, 2, 3]);
        expect(await store.readStream('account-71', { upTo: new Date(8.64e15) })).toHaveLength(3);
        expect(await store.readStream('account-71', { upTo: new Date(-8.64e15) })).toEqual([]);
        expect((await readAllCommitted(store)).length).toBe(3);
        expect(await store.readAll({ limit: Number.MAX_SAFE_INTEGER })).toHaveLength(3);
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
      }, 120_000); // 16,000 appends from 8 connections: tens of seconds on a loaded 2-core machine

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

      const fiveEventsInThreeStreams = async () => {
        await store.append('account-1', newEvents(2), { expectedVersion: 'any' });
        await store.append('account-2', newEvents(2), { expectedVersion: 'any' });
        await store.append('employer-1', newEvents(1), { expectedVersion: 'any' });
      };

      it('given five events read two at a time, when verified, then progress is reported once per batch up to the whole log', async () => {
        await fiveEventsInThreeStreams();
        const progress: { streamsChecked: number; eventsChecked: number }[] = [];
        const report = await store.verify({ batchSize: 2, onProgress: (p) => void progress.push({ ...p }) });
        expect(report).toEqual({ ok: true, streamsChecked: 3, eventsChecked: 5 });
        expect(progress.map((p) => p.eventsChecked)).toEqual([2, 4, 5]);
        expect(progress.at(-1)).toEqual({ streamsChecked: 3, eventsChecked: 5 });
      });

      it('given a verification aborted after its first batch, when it goes on, then it stops with the abort reason and reports no further batch', async () => {
        await fiveEventsInThreeStreams();
        const controller = new AbortController();
        const progress: number[] = [];
        const reason = new Error('arrêt demandé');
        const verification = store.verify({
          batchSize: 2,
          signal: controller.signal,
          onProgress: async (p) => {
            progress.push(p.eventsChecked);
            controller.abort(reason);
          },
        });
        await expect(verification).rejects.toBe(reason);
        expect(progress).toEqual([2]);
      });

      it('given an already aborted signal, when verified, then nothing is read and it rejects', async () => {
        await fiveEventsInThreeStreams();
        const progress: number[] = [];
        await expect(store.verify({ signal: AbortSignal.abort(), onProgress: (p) => void progress.push(p.eventsChecked) })).rejects.toBeDefined();
        expect(progress).toEqual([]);
      });

      it('refuses a batch size that is no positive integer', async () => {
        await expect(store.verify({ batchSize: 0 })).rejects.toBeInstanceOf(InvalidReadArgumentError);
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
