import { open, seal } from './aes-gcm.js';

/**
 * A personal value as stored: `pd1.<subject>.<base64url(iv || ciphertext || tag)>`. The subject (whose key sealed
 * it) travels with the value and is bound to it as associated data, so a value cannot be moved to another person's
 * record and still open. Text, so it fits a JSON event payload and the hash chain covers it as stored.
 */
const PREFIX = 'pd1.';
const SUBJECT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isSealedValue(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

export function sealValue(subjectId: string, key: Buffer, value: string): string {
  return sealerOf(subjectId, key)(value);
}

/** `sealValue` for several values of one subject: the subject checked, and its associated data made, once. */
export function sealerOf(subjectId: string, key: Buffer): (value: string) => string {
  if (!SUBJECT.test(subjectId)) throw new Error('the subject of a personal value is a lower-case UUID');
  const prefix = `${PREFIX}${subjectId}.`;
  const associatedData = Buffer.from(subjectId);
  return (value) => prefix + seal(key, value, associatedData).toString('base64url');
}

export function subjectOf(sealed: string): string {
  const subject = sealed.slice(PREFIX.length, PREFIX.length + 36);
  if (!isSealedValue(sealed) || !SUBJECT.test(subject) || sealed[PREFIX.length + 36] !== '.') throw new Error('not a sealed personal value');
  return subject;
}

/** The value, given the subject's key; throws on a wrong key or a changed byte. */
export function openValue(sealed: string, key: Buffer): string {
  const subject = subjectOf(sealed);
  const box = Buffer.from(sealed.slice(PREFIX.length + 37), 'base64url');
  return open(key, box, Buffer.from(subject)).toString('utf8');
}
