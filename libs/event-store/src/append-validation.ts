import { canonicalJson } from './canonical-json.js';
import { InvalidAppendError } from './errors.js';
import type { ExpectedVersion, StreamAppend } from './event-store.port.js';

export const MAX_EVENT_BYTES = 1024 * 1024;
const STREAM_NAME = /^[a-z][a-z0-9_]*(-[A-Za-z0-9_.:@]+)*$/;
const EVENT_TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ValidatedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: Record<string, unknown>;
  dataJson: string;
  metadataJson: string;
}

export function validateStreamName(stream: string): void {
  if (typeof stream !== 'string' || stream.length === 0 || stream.length > 200 || !STREAM_NAME.test(stream)) {
    throw new InvalidAppendError(`Invalid stream name ${JSON.stringify(stream)}: expected "category" or "category-id"`);
  }
}

export function validateExpectedVersion(expected: ExpectedVersion): void {
  if (expected === 'any' || expected === 'no-stream' || expected === 'stream-exists') return;
  if (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0) {
    throw new InvalidAppendError(`Invalid expected version ${JSON.stringify(expected)}`);
  }
}

/** Checks everything that can be checked before touching the database, so bad input writes nothing. */
export function validateAppends(appends: readonly StreamAppend[]): Map<string, ValidatedEvent[]> {
  if (appends.length === 0) throw new InvalidAppendError('Nothing to append');
  const ids = new Set<string>();
  const streams = new Set<string>();
  const out = new Map<string, ValidatedEvent[]>();
  appends.forEach((append, index) => {
    validateStreamName(append.stream);
    // One expected version per stream and call: a stream named twice would be checked against a head it moves itself.
    if (streams.has(append.stream)) throw new InvalidAppendError(`Stream ${append.stream} appears twice in one append`);
    streams.add(append.stream);
    validateExpectedVersion(append.expectedVersion);
    if (!Array.isArray(append.events) || append.events.length === 0) {
      throw new InvalidAppendError(`Append #${index} to ${append.stream} has no event`);
    }
    const validated = append.events.map((event) => {
      if (typeof event.id !== 'string' || !UUID.test(event.id)) throw new InvalidAppendError(`Event id ${JSON.stringify(event.id)} is not a UUID`);
      const id = event.id.toLowerCase();
      if (ids.has(id)) throw new InvalidAppendError(`Event id ${id} appears twice`);
      ids.add(id);
      if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
        throw new InvalidAppendError(`Invalid event type ${JSON.stringify(event.type)}`);
      }
      if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) {
        throw new InvalidAppendError(`Invalid schema version for ${event.type}`);
      }
      const metadata = event.metadata as unknown as Record<string, unknown>;
      if (!metadata || typeof metadata.occurredAt !== 'string' || Number.isNaN(Date.parse(metadata.occurredAt))) {
        throw new InvalidAppendError(`Event ${id} needs metadata.occurredAt as an ISO-8601 instant`);
      }
      if (typeof metadata.actor !== 'string' || typeof metadata.correlationId !== 'string') {
        throw new InvalidAppendError(`Event ${id} needs metadata.actor and metadata.correlationId`);
      }
      let dataJson: string;
      let metadataJson: string;
      try {
        dataJson = canonicalJson(event.data);
        metadataJson = canonicalJson(metadata);
      } catch (error) {
        throw new InvalidAppendError(`Event ${id} is not JSON: ${(error as Error).message}`);
      }
      const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
      if (bytes > MAX_EVENT_BYTES) throw new InvalidAppendError(`Event ${id} is ${bytes} bytes, over the 1 MiB limit`);
      return { id, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata, dataJson, metadataJson };
    });
    out.set(`${index}`, validated);
  });
  return out;
}
