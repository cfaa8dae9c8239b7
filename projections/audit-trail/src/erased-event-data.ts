import { erasedValue, isEventType, personalFields, type PersonalValueShape } from '@peps/domain';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An event's `data` as it reads once its person's key is destroyed: each personal value the domain's map names
 * takes its erased form; a value that is absent or null stays so, as the sealing store leaves it. The caller's
 * objects are never modified; `data` itself comes back when the event holds no personal value.
 */
export function erasedEventData<Data extends object>(type: string, data: Data): Data {
  const personal = isEventType(type) ? personalFields[type] : undefined;
  if (!personal) return data;
  let erased: unknown = data;
  for (const field of personal.fields) erased = eraseAt(erased, field.path, field.shape);
  return erased as Data;
}

function eraseAt(data: unknown, path: readonly string[], shape: PersonalValueShape): unknown {
  if (path.length === 0) return data === null || data === undefined ? data : erasedValue(shape);
  if (!isObject(data)) return data;
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(data) : Object.prototype.hasOwnProperty.call(data, head) ? [head] : [];
  let copy: Json | null = null;
  for (const key of keys) {
    const next = eraseAt(data[key], rest, shape);
    if (next !== data[key]) {
      copy ??= { ...data };
      copy[key] = next;
    }
  }
  return copy ?? data;
}
