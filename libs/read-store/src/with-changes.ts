/**
 * A read model's document after a `*-changed` event: each of `fields` takes its change's `to` value, when the
 * event's `changes` have one for it; every other field stays as it was.
 */
export function withChanges<Doc extends object, K extends keyof Doc>(doc: Doc, changes: { readonly [F in K]?: { readonly from?: unknown; readonly to: Doc[F] | null } }, fields: readonly K[]): Doc {
  const changed = { ...doc };
  for (const field of fields) changed[field] = changes[field]?.to ?? doc[field];
  return changed;
}
