import type { AccessLevel } from './access-level.js';
import type { ServiceCode } from './rights-catalogue.js';
import { serviceCodes } from './rights-catalogue.js';

/**
 * Rights as stored in events: service code → level. Keys are plain strings because events written
 * under an older catalogue stay valid when the catalogue grows.
 */
export type RightsMap = Readonly<Record<string, AccessLevel>>;

/** A complete map over the current catalogue. */
export type CompleteRights = Readonly<Record<ServiceCode, AccessLevel>>;

export interface RightChange {
  service: string;
  from: AccessLevel;
  to: AccessLevel;
}

/** A service added to the catalogue after the rights were recorded reads as `none`. */
export function levelOf(rights: RightsMap, service: string): AccessLevel {
  return rights[service] ?? 'none';
}

export function effectiveRights(rights: RightsMap): CompleteRights {
  return Object.fromEntries(serviceCodes.map((code) => [code, levelOf(rights, code)])) as CompleteRights;
}

/** The entries that differ, over the union of both maps' services, in catalogue order first. */
export function diffRights(before: RightsMap, after: RightsMap): RightChange[] {
  const codes = [...new Set<string>([...serviceCodes, ...Object.keys(before), ...Object.keys(after)])];
  return codes
    .map((service) => ({ service, from: levelOf(before, service), to: levelOf(after, service) }))
    .filter((change) => change.from !== change.to);
}
