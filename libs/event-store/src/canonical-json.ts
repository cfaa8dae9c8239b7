import { createHash } from 'node:crypto';

/**
 * Deterministic JSON: object keys sorted, no whitespace. Throws on anything JSON cannot hold faithfully
 * (undefined, functions, symbols, bigint, NaN/Infinity, cycles, NUL characters which jsonb refuses).
 */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const write = (v: unknown, path: string): string => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        if (v.includes('\u0000')) throw new TypeError(`${path}: NUL character is not allowed`);
        return JSON.stringify(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (!Number.isFinite(v)) throw new TypeError(`${path}: ${v} is not a JSON number`);
        return JSON.stringify(v);
      case 'object': {
        if (seen.has(v)) throw new TypeError(`${path}: cycle`);
        seen.add(v);
        let out: string;
        if (Array.isArray(v)) {
          out = `[${v.map((item, i) => write(item, `${path}[${i}]`)).join(',')}]`;
        } else {
          const proto = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null) {
            throw new TypeError(`${path}: ${proto?.constructor?.name ?? 'object'} is not plain JSON data`);
          }
          const record = v as Record<string, unknown>;
          const keys = Object.keys(record)
            .filter((k) => record[k] !== undefined)
            .sort();
          out = `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], `${path}.${k}`)}`).join(',')}}`;
        }
        seen.delete(v);
        return out;
      }
      default:
        throw new TypeError(`${path}: ${typeof v} is not JSON`);
    }
  };
  return write(value, '$');
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
