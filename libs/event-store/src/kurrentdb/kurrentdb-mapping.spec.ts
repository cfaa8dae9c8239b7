import { ErrorType, NO_STREAM, START as KURRENT_START, WrongExpectedVersionError as ClientWrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { validateAppends } from '../append-validation.js';
import { chainHash, contentHash } from '../canonical-json.js';
import { IdempotencyConflictError, InvalidAppendError, WrongExpectedVersionError } from '../errors.js';
import type { RecordedEvent } from '../event-store.port.js';
import { newEvent } from '../testing/new-events.js';
import { allFilter, decodeMetadata, fromStoredStreamName, idempotencyOutcome, isStreamNotFound } from './kurrentdb-mapping.js';
import { isUnsupported, isWrongExpectedVersion, META, pinnedVersion, satisfiesExpectedVersion } from './kurrentdb-mapping.js';
import { sequenceStreamName, streamStateForVersion, toCheckpoint, toEventData, toReadPosition } from './kurrentdb-mapping.js';
import { toRecordedEvent, toStoredStreamName, translateClientError, validateNamespace, versionOfRevision } from './kurrentdb-mapping.js';
import { versionOfStreamState, type ClientRecordedEvent } from './kurrentdb-mapping.js';

function validated(events = [newEvent('account.created', { name: 'Élise' })]) {
  return validateAppends([{ stream: 'account-1', events, expectedVersion: 'any' }]).get('0')!;
}

/** What the client hands back for an event the adapter wrote: same data and metadata, plus server fields. */
function asStored(stream: string, prepared: ReturnType<typeof toEventData>[number], namespace = ''): ClientRecordedEvent {
  const data = prepared.eventData;
  return {
    streamId: `${namespace}${stream}`,
    id: data.id.toUpperCase(),
    revision: BigInt(prepared.version - 1),
    type: data.type,
    created: new Date('2026-02-03T04:05:06.789Z'),
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: JSON.parse(JSON.stringify(data.metadata)),
    isJson: true,
    position: { commit: 1234n, prepare: 1200n },
  };
}

describe('KurrentDB mapping', () => {
  describe('versions and expected states', () => {
    it('maps 1-based versions to 0-based revisions and back', () => {
      expect(versionOfRevision(0n)).toBe(1);
      expect(versionOfRevision(41n)).toBe(42);
      expect(streamStateForVersion(0)).toBe(NO_STREAM);
      expect(streamStateForVersion(1)).toBe(0n);
      expect(streamStateForVersion(42)).toBe(41n);
    });

    it('reads the actual state of a conflict as a version', () => {
      expect(versionOfStreamState(NO_STREAM)).toBe(0);
      expect(versionOfStreamState(4n)).toBe(5);
      expect(versionOfStreamState(-5n)).toBeUndefined();
      expect(versionOfStreamState('any')).toBeUndefined();
    });

    it.each([
      ['any', 0, true],
      ['any', 3, true],
      ['no-stream', 0, true],
      ['no-stream', 1, false],
      ['stream-exists', 0, false],
      ['stream-exists', 2, true],
      [0, 0, true],
      [0, 1, false],
      [3, 3, true],
      [3, 2, false],
    ] as const)('expected %p against version %p: %p', (expected, current, ok) => {
      expect(satisfiesExpectedVersion(expected, current)).toBe(ok);
    });

    it('pins the version of a retry only for numeric and no-stream expectations', () => {
      expect(pinnedVersion('no-stream')).toBe(0);
      expect(pinnedVersion(7)).toBe(7);
      expect(pinnedVersion('any')).toBeUndefined();
      expect(pinnedVersion('stream-exists')).toBeUndefined();
    });
  });

  describe('stream names', () => {
    it('prefixes and strips the namespace; system, internal and foreign streams are not ours', () => {
      expect(toStoredStreamName('t1.', 'account-1')).toBe('t1.account-1');
      expect(fromStoredStreamName('t1.', 't1.account-1')).toBe('account-1');
      expect(fromStoredStreamName('', 'account-1')).toBe('account-1');
      expect(fromStoredStreamName('', '$ce-account')).toBeNull();
      expect(fromStoredStreamName('', '_sequence-identifier-JLO')).toBeNull();
      expect(fromStoredStreamName('t1.', 't2.account-1')).toBeNull();
      expect(fromStoredStreamName('t1.', 't1._sequence-x')).toBeNull();
    });

    it('puts sequences in internal streams and refuses odd names', () => {
      expect(sequenceStreamName('', 'identifier-JLO')).toBe('_sequence-identifier-JLO');
      expect(sequenceStreamName('t1.', 'identifier-JLO')).toBe('t1._sequence-identifier-JLO');
      expect(() => sequenceStreamName('', 'a b')).toThrow(InvalidAppendError);
      expect(() => sequenceStreamName('', '')).toThrow(InvalidAppendError);
    });

    it('accepts only namespaces that keep categories intact', () => {
      expect(() => validateNamespace('')).not.toThrow();
      expect(() => validateNamespace('t1a2.')).not.toThrow();
      expect(() => validateNamespace('$t.')).toThrow(InvalidAppendError);
      expect(() => validateNamespace('t-1.')).toThrow(InvalidAppendError);
      expect(() => validateNamespace('t1')).toThrow(InvalidAppendError);
    });
  });

  describe('envelope', () => {
    it('writes string-only metadata holding the user metadata, schema version and the hash chain', () => {
      const source = newEvent('account.created', { name: 'Élise' });
      source.metadata.causationId = 'cause-1';
      const [prepared] = toEventData('account-1', validated([source]), 0, '');
      const metadata = prepared.eventData.metadata as Record<string, unknown>;
      expect(Object.values(metadata).every((value) => typeof value === 'string')).toBe(true);
      expect(metadata[META.schemaVersion]).toBe('1');
      expect(metadata[META.previousHash]).toBe('');
      expect(metadata[META.correlationId]).toBe(source.metadata.correlationId);
      expect(metadata[META.causationId]).toBe('cause-1');
      expect(JSON.parse(metadata[META.metadata] as string)).toEqual(source.metadata);
      expect(prepared.eventData).toMatchObject({ id: source.id, type: 'account.created', contentType: 'application/json', data: source.data });
      expect(prepared.version).toBe(1);
      expect(prepared.hash).toBe(chainHash('', 1, contentHash({ ...source, stream: 'account-1' })));
    });

    it('chains hashes from the stream\'s last hash and version', () => {
      const events = [newEvent(), newEvent(), newEvent()];
      const prepared = toEventData('account-1', validated(events), 4, 'f'.repeat(64));
      expect(prepared.map((p) => p.version)).toEqual([5, 6, 7]);
      expect(prepared[0].hash).toBe(chainHash('f'.repeat(64), 5, contentHash({ ...events[0], stream: 'account-1' })));
      expect((prepared[1].eventData.metadata as Record<string, string>)[META.previousHash]).toBe(prepared[0].hash);
      expect(prepared[2].hash).toBe(chainHash(prepared[1].hash, 7, contentHash({ ...events[2], stream: 'account-1' })));
    });

    it('reads back what it wrote as the port\'s RecordedEvent', () => {
      const source = newEvent('account.created', { name: 'Élise', n: [1, 2] });
      const [prepared] = toEventData('account-1', validated([source]), 2, 'a'.repeat(64));
      const recorded = toRecordedEvent('t1.', asStored('account-1', prepared, 't1.'));
      expect(recorded).toEqual({
        id: source.id,
        stream: 'account-1',
        version: 3,
        type: 'account.created',
        schemaVersion: 1,
        data: source.data,
        metadata: source.metadata,
        transactionId: 1234n,
        position: 1200n,
        recordedAt: '2026-02-03T04:05:06.789Z',
        hash: prepared.hash,
      });
    });

    it('also reads metadata stored as a JSON object (not only as a string)', () => {
      const meta = { actor: 'a', correlationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' };
      expect(decodeMetadata({ [META.metadata]: meta, [META.schemaVersion]: '2', [META.hash]: 'h', [META.previousHash]: '' })).toEqual({
        metadata: meta,
        schemaVersion: 2,
        hash: 'h',
        previousHash: '',
      });
    });

    it('ignores events that are not the adapter\'s (no envelope, binary, system stream, other namespace)', () => {
      const [prepared] = toEventData('account-1', validated(), 0, '');
      const stored = asStored('account-1', prepared);
      expect(toRecordedEvent('', undefined)).toBeNull();
      expect(toRecordedEvent('', { ...stored, metadata: {} })).toBeNull();
      expect(toRecordedEvent('', { ...stored, metadata: new Uint8Array([1]) })).toBeNull();
      expect(toRecordedEvent('', { ...stored, isJson: false })).toBeNull();
      expect(toRecordedEvent('', { ...stored, streamId: '$ce-account' })).toBeNull();
      expect(toRecordedEvent('t1.', stored)).toBeNull();
    });
  });

  describe('positions', () => {
    it('maps commit/prepare to transactionId/position and the port START to the client START', () => {
      expect(toCheckpoint({ commit: 10n, prepare: 8n })).toEqual({ transactionId: 10n, position: 8n });
      expect(toReadPosition(undefined)).toBe(KURRENT_START);
      expect(toReadPosition({ transactionId: 0n, position: 0n })).toBe(KURRENT_START);
      expect(toReadPosition({ transactionId: 10n, position: 8n })).toEqual({ commit: 10n, prepare: 8n });
    });
  });

  describe('$all filters', () => {
    const event = (stream: string, type: string) => ({ stream, type }) as RecordedEvent;

    it('filters categories by an exact stream-name regex on the server', () => {
      const filter = allFilter('t1.', { categories: ['account', 'employer'], eventTypes: ['account.created'] });
      expect(filter.server).toMatchObject({ filterOn: 'streamName', regex: '^t1\\.(account|employer)(-|$)' });
      const regex = new RegExp((filter.server as { regex: string }).regex);
      expect(regex.test('t1.account-1')).toBe(true);
      expect(regex.test('t1.employer')).toBe(true);
      expect(regex.test('t1.accounts-1')).toBe(false);
      expect(regex.test('t2.account-1')).toBe(false);
      // Event types are then checked on the client.
      expect(filter.matches(event('account-1', 'account.created'))).toBe(true);
      expect(filter.matches(event('account-1', 'account.deleted'))).toBe(false);
      expect(filter.matches(event('accounts-1', 'account.created'))).toBe(false);
    });

    it('filters event types by an exact event-type regex when no category is given', () => {
      const filter = allFilter('', { eventTypes: ['account.created', 'account.deleted'] });
      expect(filter.server).toMatchObject({ filterOn: 'eventType', regex: '^(account\\.created|account\\.deleted)$' });
      const regex = new RegExp((filter.server as { regex: string }).regex);
      expect(regex.test('account.created')).toBe(true);
      expect(regex.test('accountXcreated')).toBe(false);
      expect(regex.test('account.created.v2')).toBe(false);
    });

    it('without options keeps the namespace and leaves out system and internal streams', () => {
      const filter = allFilter('', {});
      expect(filter.server).toMatchObject({ filterOn: 'streamName', regex: '^[a-z]' });
      const regex = new RegExp((filter.server as { regex: string }).regex);
      expect(regex.test('account-1')).toBe(true);
      expect(regex.test('$ce-account')).toBe(false);
      expect(regex.test('_sequence-x')).toBe(false);
      expect(filter.matches(event('anything-1', 'a.b'))).toBe(true);
    });
  });

  describe('errors', () => {
    it('turns the client\'s wrong expected version into the port\'s, with a 1-based actual version', () => {
      const clientError = new ClientWrongExpectedVersionError(undefined, { streamName: 'account-1', expected: NO_STREAM, current: 2n });
      expect(isWrongExpectedVersion(clientError)).toBe(true);
      const error = translateClientError(clientError, 'account-1', 'no-stream');
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ stream: 'account-1', expected: 'no-stream', actual: 3 });
      const none = new ClientWrongExpectedVersionError(undefined, { streamName: 'account-1', expected: 0n, current: NO_STREAM });
      expect(translateClientError(none, 'account-1', 1)).toMatchObject({ expected: 1, actual: 0 });
    });

    it('turns size limits and deleted streams into InvalidAppendError and leaves the rest alone', () => {
      expect(translateClientError({ type: ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED, message: 'too big' }, 's-1', 'any')).toBeInstanceOf(InvalidAppendError);
      expect(translateClientError({ type: ErrorType.STREAM_DELETED }, 's-1', 'any')).toBeInstanceOf(InvalidAppendError);
      const unavailable = { type: ErrorType.UNAVAILABLE };
      expect(translateClientError(unavailable, 's-1', 'any')).toBe(unavailable);
      expect(translateClientError(new Error('x'), 's-1', 'any')).toBeInstanceOf(Error);
    });

    it('recognises missing streams and servers without multi-stream append', () => {
      expect(isStreamNotFound({ type: ErrorType.STREAM_NOT_FOUND })).toBe(true);
      expect(isStreamNotFound(new Error('nope'))).toBe(false);
      expect(isUnsupported({ type: ErrorType.UNSUPPORTED })).toBe(true);
      expect(isUnsupported(null)).toBe(false);
    });
  });

  describe('idempotency', () => {
    const found = (ids: string[]) => ids.map((id, i) => ({ id, version: i + 1 }) as RecordedEvent);

    it('all ids present in order: already appended, in append order; none: absent; some: conflict', () => {
      const append = { stream: 'account-1', expectedVersion: 'any' as const };
      expect(idempotencyOutcome(append, ['b', 'c'], [...found(['a', 'b', 'c'])].reverse(), 3)).toEqual({ kind: 'present', events: found(['a', 'b', 'c']).slice(1) });
      expect(idempotencyOutcome(append, ['x'], found(['a']), 1)).toEqual({ kind: 'absent' });
      expect(idempotencyOutcome(append, ['x'], [], 0)).toEqual({ kind: 'absent' });
      expect(() => idempotencyOutcome(append, ['a', 'x'], found(['a']), 1)).toThrow(IdempotencyConflictError);
    });
  });
});
