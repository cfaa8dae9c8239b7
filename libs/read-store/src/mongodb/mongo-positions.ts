import { START, type Checkpoint } from '@peps/event-store';
import type { StoredCheckpoint } from '../read-store.port.js';

/**
 * A checkpoint as one string that sorts like the checkpoint itself: both numbers zero-padded to 20 digits
 * (an unsigned 64-bit integer has at most 20), `"<transactionId>:<position>"`. String order is then
 * (transactionId, position) order, so `$lt` on it is the position guard MongoDB evaluates for us.
 */
export function positionKey(checkpoint: Checkpoint): string {
  if (checkpoint.transactionId < 0n || checkpoint.position < 0n) throw new RangeError('a checkpoint is never negative');
  return `${checkpoint.transactionId.toString().padStart(20, '0')}:${checkpoint.position.toString().padStart(20, '0')}`;
}

export function parsePositionKey(key: string): Checkpoint {
  const match = /^(\d{20}):(\d{20})$/.exec(key);
  if (!match) throw new Error(`not a position key: ${key}`);
  return { transactionId: BigInt(match[1]), position: BigInt(match[2]) };
}

export const START_KEY = positionKey(START);

/**
 * The filter of a guarded write: the document `_id`, if it does not exist yet or was last written by an event
 * strictly before `applied`. Replaying an event (after a crash between the documents and the checkpoint, or by a
 * runner that lost its lease) therefore matches nothing.
 */
export function positionGuard(id: string, applied: string): Record<string, unknown> {
  return { _id: id, $or: [{ lastApplied: { $lt: applied } }, { lastApplied: { $exists: false } }] };
}

/** What the `checkpoints` collection holds, one document per projection (`_id` = projection name). */
export interface CheckpointDocument {
  _id: string;
  version: number;
  /** Decimal strings: readable, and no precision lost for 64-bit values. */
  transactionId: string;
  position: string;
  /** `positionKey` of the checkpoint: compare-and-set and ordering use it. */
  key: string;
  updatedAt: Date;
}

export function toCheckpointDocument(projection: string, version: number, checkpoint: Checkpoint, now: Date): CheckpointDocument {
  return {
    _id: projection,
    version,
    transactionId: checkpoint.transactionId.toString(),
    position: checkpoint.position.toString(),
    key: positionKey(checkpoint),
    updatedAt: now,
  };
}

export function fromCheckpointDocument(doc: CheckpointDocument): StoredCheckpoint {
  return {
    projection: doc._id,
    version: Number(doc.version),
    checkpoint: { transactionId: BigInt(doc.transactionId), position: BigInt(doc.position) },
    updatedAt: new Date(doc.updatedAt).toISOString(),
  };
}
