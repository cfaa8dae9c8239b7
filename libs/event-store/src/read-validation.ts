import { InvalidReadArgumentError } from './errors.js';
import type { Checkpoint, ReadAllOptions, ReadStreamOptions, SubscribeOptions, VerifyOptions } from './event-store.port.js';

/**
 * The port's read arguments, checked the same way by every adapter before it asks its store anything: limits and
 * batch sizes are integers from 1 to 2^53 - 1, versions integers from 0 to 2^53 - 1 (a version beyond a stream's end
 * reads nothing forwards and the whole stream backwards), checkpoints pairs of bigints from 0 to 2^63 - 1, instants
 * valid Dates (any: one before every event reads nothing, one after every event reads all).
 */
const MAX_CHECKPOINT_PART = 2n ** 63n;

function refuse(argument: string, value: unknown, expected: string): never {
  throw new InvalidReadArgumentError(argument, `Invalid ${argument} ${describe(value)}: expected ${expected}`);
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function options<T extends object>(value: T | undefined, argument: string): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) refuse(argument, value, 'an object of options');
  return value;
}

export function validateLimit(value: unknown, argument = 'limit'): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) refuse(argument, value, 'an integer from 1 to 2^53 - 1');
}

export function validateVersion(value: unknown, argument = 'fromVersion'): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) refuse(argument, value, 'an integer from 0 to 2^53 - 1');
}

export function validateCheckpoint(value: unknown, argument = 'after'): void {
  if (value === undefined) return;
  const checkpoint = value as Partial<Checkpoint> | null;
  const part = (n: unknown) => typeof n === 'bigint' && n >= 0n && n < MAX_CHECKPOINT_PART;
  if (!checkpoint || typeof checkpoint !== 'object' || !part(checkpoint.transactionId) || !part(checkpoint.position)) {
    refuse(argument, value, '{ transactionId, position }, two bigints from 0 to 2^63 - 1');
  }
}

function validateNames(value: unknown, argument: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((name) => typeof name !== 'string')) refuse(argument, value, 'a list of strings');
}

export function validateReadStreamOptions(value: ReadStreamOptions | undefined): void {
  const { direction, fromVersion, upTo, limit } = options(value, 'readStream options');
  if (direction !== undefined && direction !== 'forwards' && direction !== 'backwards') refuse('direction', direction, "'forwards' or 'backwards'");
  validateVersion(fromVersion);
  if (upTo !== undefined && (!(upTo instanceof Date) || Number.isNaN(upTo.getTime()))) refuse('upTo', upTo, 'a valid Date');
  validateLimit(limit);
}

export function validateReadAllOptions(value: ReadAllOptions | undefined): void {
  const { after, categories, eventTypes, limit } = options(value, 'readAll options');
  validateCheckpoint(after);
  validateNames(categories, 'categories');
  validateNames(eventTypes, 'eventTypes');
  validateLimit(limit);
}

export function validateSubscribeOptions(value: SubscribeOptions): void {
  const { after, categories, eventTypes, batchSize, onEvents } = options(value, 'subscribe options');
  if (typeof onEvents !== 'function') refuse('onEvents', onEvents, 'a function');
  validateCheckpoint(after);
  validateNames(categories, 'categories');
  validateNames(eventTypes, 'eventTypes');
  validateLimit(batchSize, 'batchSize');
}

export function validateCountAfter(from: Checkpoint, cap: number | undefined, eventTypes: readonly string[] | undefined): void {
  if (from === undefined) refuse('from', from, 'a checkpoint');
  validateCheckpoint(from, 'from');
  validateLimit(cap, 'cap');
  validateNames(eventTypes, 'eventTypes');
}

export function validateVerifyOptions(value: VerifyOptions | undefined): void {
  const { onProgress, signal, batchSize } = options(value, 'verify options');
  if (onProgress !== undefined && typeof onProgress !== 'function') refuse('onProgress', onProgress, 'a function');
  if (signal !== undefined && !(signal instanceof AbortSignal)) refuse('signal', signal, 'an AbortSignal');
  validateLimit(batchSize, 'batchSize');
}
