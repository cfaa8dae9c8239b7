export const accessLevels = ['none', 'read', 'write'] as const;
export type AccessLevel = (typeof accessLevels)[number];

/** The column headings of the guide's rights table. */
export const accessLevelLabels: Record<AccessLevel, string> = {
  none: 'Aucun',
  read: 'Lecture seule',
  write: 'Modification',
};

export function isAccessLevel(value: unknown): value is AccessLevel {
  return typeof value === 'string' && (accessLevels as readonly string[]).includes(value);
}
