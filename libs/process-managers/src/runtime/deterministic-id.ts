import { createHash } from 'node:crypto';

/** Fixed namespace of the platform's effect ids (a random UUID chosen once; never change it). */
const NAMESPACE = Buffer.from('6f1d2c3a8b7e4f50a1c2d3e4f5a6b7c8', 'hex');

/**
 * UUID v5 (SHA-1, RFC 9562) of a name: the same cause and effect always give the same id, so re-appending the
 * event recording an effect is a no-op in the event store and re-queuing it is a no-op in `pm.effects`.
 */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Id of the effect `kind` (for `key`, e.g. one recipient) caused by the event `causeEventId`. */
export function effectId(causeEventId: string, kind: string, key = ''): string {
  return deterministicUuid(`${causeEventId}:${kind}:${key}`);
}
