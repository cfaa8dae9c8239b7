import type { Checkpoint } from '@peps/event-store';
import type { Projection } from './projection.js';

export interface ProjectionFailure {
  projection: string;
  eventId: string;
  stream: string;
  streamVersion: number;
  type: string;
  checkpoint: Checkpoint;
  error: string;
  attempts: number;
  skipped: boolean;
  lastFailedAt: string;
}

export interface StoredCheckpoint {
  projection: string;
  version: number;
  checkpoint: Checkpoint;
  updatedAt: string;
}

/**
 * The read store port: where projections keep their rows and checkpoints. The SQL adapter (schema `read`, same
 * database as the events) writes rows and checkpoint in one transaction; a MongoDB adapter comes later.
 */
export interface ReadStore {
  /** Creates the schema and every projection's tables. */
  prepare(projections: readonly Projection[]): Promise<void>;
  checkpoint(projection: string): Promise<StoredCheckpoint | null>;
  checkpoints(): Promise<StoredCheckpoint[]>;
  /** Read-your-writes: resolves true once every named projection reached `target`, false after `timeoutMs`. */
  waitFor(projections: readonly string[], target: Checkpoint, timeoutMs: number): Promise<boolean>;
  failures(projection?: string): Promise<ProjectionFailure[]>;
  /** Empties the projection's tables and puts its checkpoint back to the start, in one transaction. */
  reset(projection: Projection): Promise<void>;
}
