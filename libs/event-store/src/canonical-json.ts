import { createHash } from 'node:crypto';

/**
 * Deterministic JSON: object keys sorted, no whitespace. Throws on anything JSON cannot hold faithfully
 * (undefined, functions, symbols, bigint, NaN/Infinity, cycles, NUL characters which jsonb refuses).
 * Every append goes through here: the path of a value is only spelled out when it is refused, and cycles are
 * found on the chain of enclosing objects (a shared, non-cyclic object is fine).
 */
export function canonicalJson(value: unknown): string {
  const enclosing: object[] = [];
  const keys: (string | number)[] = [];
  const refuse = (reason: string): never => {
    const path = keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
    throw new TypeError(`$${path}: ${reason}`);
  };
  const write = (v: unknown): string => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        if (v.includes('\u0000')) refuse('NUL character is not allowed');
        return JSON.stringify(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (!Number.isFinite(v)) refuse(`${v} is not a JSON number`);
        return JSON.stringify(v);
      case 'object': {
        if (enclosing.includes(v)) refuse('cycle');
        enclosing.push(v);
        let out: string;
        if (Array.isArray(v)) {
          out = '[';
          for (let i = 0; i < v.length; i++) {
            keys.push(i);
            out += (i ? ',' : '') + write(v[i]);
            keys.pop();
          }
          out += ']';
        } else {
          const proto = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null) {
            refuse(`${proto?.constructor?.name ?? 'object'} is not plain JSON data`);
          }
          const record = v as Record<string, unknown>;
          const names = Object.keys(record).sort();
          out = '{';
          let first = true;
          for (const k of names) {
            const item = record[k];
            if (item === undefined) continue;
            keys.push(k);
            out += (first ? '' : ',') + JSON.stringify(k) + ':' + write(item);
            keys.pop();
            first = false;
          }
          out += '}';
        }
        enclosing.pop();
        return out;
      }
      default:
        return refuse(`${typeof v} is not JSON`);
    }
  };
  return write(value);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hash of what an event says, independent of where it was stored. */
export function contentHash(event: {
  id: string;
  stream: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}): string {
  return sha256Hex(
    canonicalJson({
      id: event.id,
      stream: event.stream,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
    }),
  );
}

/** Same as `contentHash`, reusing the canonical JSON computed during validation (keys in sorted order). */
export function contentHashOfValidated(
  event: { id: string; type: string; schemaVersion: number; dataJson: string; metadataJson: string },
  stream: string,
): string {
  return sha256Hex(
    `{"data":${event.dataJson},"id":${JSON.stringify(event.id)},"metadata":${event.metadataJson},` +
      `"schemaVersion":${event.schemaVersion},"stream":${JSON.stringify(stream)},"type":${JSON.stringify(event.type)}}`,
  );
}

/** Link of a stream's chain: the previous link, the version and the content. Mirrors the SQL in `es.append`. */
export function chainHash(previousHash: string, version: number, content: string): string {
  return sha256Hex(`${previousHash}:${version}:${content}`);
}

/**
 * The `hash` an event of the SQL store holds, from what is stored and its stream's previous hash ('' before the
 * first event): what `verify()` expects, and what a rewrite of stored events (personal-data:seal-log) writes.
 */
export function storedEventHash(
  previousHash: string,
  event: { id: string; stream: string; version: number; type: string; schemaVersion: number; data: unknown; metadata: unknown },
): string {
  return chainHash(previousHash, event.version, contentHash(event));
}
