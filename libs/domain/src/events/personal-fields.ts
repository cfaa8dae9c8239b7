import { assertNever } from '../shared/assert-never.js';
import type { EventType } from './domain-event.js';

/** What an erased value reads as, in every event, read model and page. */
export const ERASED_VALUE = 'donnée effacée';

/**
 * `text`: a string; `lines`: a list of strings (an address); `list`: a list of records about people (an import's
 * lines), erased whole. An erased value keeps its shape.
 */
export type PersonalValueShape = 'text' | 'lines' | 'list';

export interface PersonalField {
  /** Keys from the event's `data`; `*` stands for every key of an object. */
  path: readonly string[];
  shape: PersonalValueShape;
  /**
   * `connection`: data about a connection (a browser's name), kept for the sign-in retention period: sealed with the
   * person's key of that month, which retention destroys (PEPS_RETENTION_SIGN_IN_MONTHS). Default: the person's key.
   */
  key?: 'connection';
}

export interface PersonalFieldsOfEvent {
  /** The `data` key naming the person these values belong to (their key seals them). */
  subject: string;
  fields: readonly PersonalField[];
}

const text = (...path: string[]): PersonalField => ({ path, shape: 'text' });
const lines = (...path: string[]): PersonalField => ({ path, shape: 'lines' });

const contactDetails = (...prefix: string[]): PersonalField[] => [
  text(...prefix, 'civility'),
  text(...prefix, 'lastName'),
  text(...prefix, 'firstName'),
  text(...prefix, 'email'),
  text(...prefix, 'phone'),
  lines(...prefix, 'professionalAddress'),
];

/**
 * The personal data of the account holder, event by event: sealed with the holder's key on append, so that
 * destroying the key erases them everywhere the events were copied. Identifiers, rights, dates and actors' ids stay
 * readable: the history and the state of an erased account still replay. The TOTP secret and the name given to a
 * passkey go with the person too; a trusted workstation's browser name is connection data, kept for the sign-in
 * retention period only. Employers' data (the legal representative, an office) are not an
 * account holder's and stay in clear.
 */
export const personalFields: Partial<Record<EventType, PersonalFieldsOfEvent>> = {
  'account.created': { subject: 'accountId', fields: contactDetails() },
  // Each changed field's old and new value, the address as lines.
  'account.contact-details-changed': {
    subject: 'accountId',
    fields: contactDetails().flatMap((field) => ['from', 'to'].map((end) => ({ ...field, path: ['changes', ...field.path, end] }))),
  },
  'account.promoted-to-administrator': { subject: 'accountId', fields: contactDetails('holder') },
  'account.totp-enrolment-started': { subject: 'accountId', fields: [text('secret')] },
  'account.passkey-registered': { subject: 'accountId', fields: [text('name')] },
  'account.workstation-trusted': { subject: 'accountId', fields: [{ ...text('label'), key: 'connection' }] },
};

/** The erased form of a value of this shape. */
export function erasedValue(shape: PersonalValueShape): string | string[] {
  switch (shape) {
    case 'text':
      return ERASED_VALUE;
    case 'lines':
      return [ERASED_VALUE];
    case 'list':
      return [];
    default:
      return assertNever(shape);
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `data` with the value at `path` (a PersonalField's) replaced by `change(value)`, `*` standing for every key of an
 * object; copied along the path only where something changed: the caller's objects are never modified. An absent key
 * is left absent. The one walk the sealing store, the log's sealing and the read models' erased forms share.
 */
export function mapAtPath(data: unknown, path: readonly string[], change: (value: unknown) => unknown): unknown {
  if (path.length === 0) return change(data);
  if (!isObject(data)) return data;
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(data) : Object.prototype.hasOwnProperty.call(data, head!) ? [head!] : [];
  let copy: Json | null = null;
  for (const key of keys) {
    const next = mapAtPath(data[key], rest, change);
    if (next !== data[key]) {
      copy ??= { ...data };
      copy[key] = next;
    }
  }
  return copy ?? data;
}

/** The fields of one event type as a tree of their paths: built once per list of fields. */
interface PathTree<F> {
  /** Fields whose path ends here. */
  ends: F[];
  next: Map<string, PathTree<F>>;
}
const trees = new WeakMap<readonly unknown[], PathTree<never> | 'sequential'>();

function treeOf<F extends { path: readonly string[] }>(fields: readonly F[]): PathTree<F> | 'sequential' {
  const known = trees.get(fields);
  if (known) return known as PathTree<F> | 'sequential';
  const root: PathTree<F> = { ends: [], next: new Map() };
  for (const field of fields) {
    let node = root;
    for (const key of field.path) {
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { ends: [], next: new Map() }));
      node = child;
    }
    node.ends.push(field);
  }
  // A path ending where another goes on (or `*` beside a named key) would make the order of the changes matter:
  // such lists keep the one-path-at-a-time walk.
  const overlaps = (node: PathTree<F>): boolean =>
    (node.ends.length > 0 && node.next.size > 0) || (node.next.has('*') && node.next.size > 1) || [...node.next.values()].some(overlaps);
  const tree = overlaps(root) ? 'sequential' : root;
  trees.set(fields, tree as PathTree<never> | 'sequential');
  return tree;
}

/**
 * `mapAtPath` for every field of a list in one walk, each object copied at most once: what sealing and opening an
 * event with a dozen personal fields do on every append and read. `change` is told which field the value is at.
 */
export function mapAtPaths<F extends { path: readonly string[] }>(data: unknown, fields: readonly F[], change: (value: unknown, field: F) => unknown): unknown {
  const tree = treeOf(fields);
  if (tree === 'sequential') {
    let mapped = data;
    for (const field of fields) mapped = mapAtPath(mapped, field.path, (value) => change(value, field));
    return mapped;
  }
  return walk(data, tree, change);
}

function walk<F>(data: unknown, node: PathTree<F>, change: (value: unknown, field: F) => unknown): unknown {
  if (node.ends.length > 0) return node.ends.reduce((value, field) => change(value, field), data);
  if (!isObject(data)) return data;
  let copy: Json | null = null;
  for (const [head, below] of node.next) {
    const keys = head === '*' ? Object.keys(data) : Object.prototype.hasOwnProperty.call(data, head) ? [head] : [];
    for (const key of keys) {
      const next = walk(data[key], below, change);
      if (next !== data[key]) {
        copy ??= { ...data };
        copy[key] = next;
      }
    }
  }
  return copy ?? data;
}
