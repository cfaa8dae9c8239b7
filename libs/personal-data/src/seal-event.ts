import { mapAtPaths } from '@peps/domain';
import type { EventMetadata } from '@peps/event-store';
import { connectionKeyOf, SOURCE_ADDRESS_PURPOSE } from './connection-keys.js';
import { isSealedValue, sealerOf } from './field-cipher.js';
import { KEY_BYTES } from './aes-gcm.js';
import { SubjectErasedError, type KeyVault } from './key-vault.js';

/** Where an event type keeps personal values: the `data` key naming their person, and each value's path and shape. */
export interface PersonalFieldMap {
  /** `subject` names a `data` key holding a person's id, or a list of ids (the first one's key seals). */
  /** `key: 'connection'`: sealed with the person's month key of connection data instead of their own key. */
  fieldsOf(type: string): { subject: string; fields: readonly { path: readonly string[]; shape: string; key?: 'connection' }[] } | undefined;
  /** What a value of this shape reads as once its key was destroyed. */
  erased(shape: string): unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One event with the personal values the map names sealed with their person's key, and the request's source
 * address with a key of its author and month; a value already sealed is left as it is, and the event itself is
 * returned when nothing changed. What the sealing store does on append, and what `personal-data:seal-log` does to
 * events written in clear before: both through here, so a migrated log is sealed exactly as a new one.
 */
export function sealEvent<E extends { type: string; data: unknown; metadata: EventMetadata }>(event: E, vault: Pick<KeyVault, 'keyFor'>, map: PersonalFieldMap): Promise<E> {
  return sealWith(event, vault, map, sealerOf);
}

type Sealer = (value: string) => string;

/** `sealEvent` with its cipher given: the dry run below asks for the same keys and seals nothing. */
async function sealWith<E extends { type: string; data: unknown; metadata: EventMetadata }>(
  event: E,
  vault: Pick<KeyVault, 'keyFor'>,
  map: PersonalFieldMap,
  sealer: (subjectId: string, key: Buffer) => Sealer,
): Promise<E> {
  const at = new Date(event.metadata.occurredAt);
  const personal = map.fieldsOf(event.type);
  const named = personal && isObject(event.data) ? event.data[personal.subject] : undefined;
  // A list of people (accounts sharing an address): the first one's key.
  const subject = Array.isArray(named) ? named[0] : named;
  let data = event.data;
  if (personal && isUuid(subject)) {
    const ownKey = await keyOrErased(() => vault.keyFor(subject, at));
    const own = ownKey ? sealer(subject, ownKey) : null;
    const connection = personal.fields.some((field) => field.key === 'connection') ? await connectionSealer(vault, subject, event.metadata.occurredAt, at, sealer) : null;
    data = mapAtPaths(data, personal.fields, (value, field) => {
      if (value === null || value === undefined || isSealedValue(value)) return value;
      const seal = field.key === 'connection' ? connection : own;
      return seal ? seal(JSON.stringify(value)) : map.erased(field.shape);
    });
  }
  let metadata = event.metadata;
  const address = metadata.sourceAddress;
  if (typeof address === 'string' && !isSealedValue(address)) {
    const owner = isUuid(metadata.actor) ? metadata.actor : isUuid(subject) ? subject : isObject(event.data) && isUuid(event.data.accountId) ? event.data.accountId : null;
    const seal = await connectionSealer(vault, owner, event.metadata.occurredAt, at, sealer);
    const { sourceAddress: _dropped, ...rest } = metadata;
    // An erased author's address is not kept at all.
    metadata = seal ? { ...rest, sourceAddress: seal(JSON.stringify(address)) } : rest;
  }
  return data === event.data && metadata === event.metadata ? event : { ...event, data, metadata };
}

/** What the dry run is given as each key, and writes for each value: both are thrown away. */
const DRY_RUN_KEY = Buffer.alloc(KEY_BYTES);
const dryRunSealer = () => () => 'pd1.';

/**
 * The keys sealing these events will ask for, fetched (and those missing created) in one round trip before the
 * sealing (`KeyVault.prepareKeys`), instead of one look-up per key: a dry run of `sealEvent` that only notes each
 * request (and seals nothing), so that the keys prepared are exactly those the sealing asks for.
 */
export async function prepareKeysFor(
  events: Iterable<{ type: string; data: unknown; metadata: EventMetadata }>,
  vault: Pick<KeyVault, 'prepareKeys'>,
  map: PersonalFieldMap,
): Promise<void> {
  const requests: Parameters<KeyVault['prepareKeys']>[0][number][] = [];
  const noting: Pick<KeyVault, 'keyFor'> = {
    keyFor: async (subjectId, at, owned) => {
      requests.push({ subjectId, at, owned });
      return DRY_RUN_KEY;
    },
  };
  for (const event of events) await sealWith(event, noting, map, dryRunSealer);
  await vault.prepareKeys(requests);
}

/** A sealer with the month key of an author's connection data; null once the author was erased. */
async function connectionSealer(
  vault: Pick<KeyVault, 'keyFor'>,
  owner: string | null,
  occurredAt: string,
  at: Date,
  sealer: (subjectId: string, key: Buffer) => Sealer,
): Promise<Sealer | null> {
  const { subjectId, period } = connectionKeyOf(owner, occurredAt);
  const key = await keyOrErased(() => vault.keyFor(subjectId, at, { ownerId: owner, purpose: SOURCE_ADDRESS_PURPOSE, period }));
  return key ? sealer(subjectId, key) : null;
}

async function keyOrErased(get: () => Promise<Buffer>): Promise<Buffer | null> {
  try {
    return await get();
  } catch (error) {
    if (error instanceof SubjectErasedError) return null;
    throw error;
  }
}

