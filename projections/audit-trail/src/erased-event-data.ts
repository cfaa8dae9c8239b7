import { erasedValue, isEventType, mapAtPath, personalFields, type PersonalValueShape } from '@peps/domain';

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
  return mapAtPath(data, path, (value) => (value === null || value === undefined ? value : erasedValue(shape)));
}

/**
 * `data` without its connection data (a trusted workstation's browser name): the sign-in retention period destroys
 * them in the log (PEPS_RETENTION_SIGN_IN_MONTHS), so a line kept for years must not copy them. Absent, not erased:
 * nothing was erased yet when the line was written.
 */
export function withoutConnectionData<Data extends object>(type: string, data: Data): Data {
  const personal = isEventType(type) ? personalFields[type] : undefined;
  if (!personal) return data;
  let kept: unknown = data;
  for (const field of personal.fields) if (field.key === 'connection') kept = mapAtPath(kept, field.path, () => undefined);
  return kept as Data;
}
