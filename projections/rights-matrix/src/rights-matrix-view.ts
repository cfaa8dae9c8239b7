import { accessLevelLabels, levelOf, profileLabels, services, type AccessLevel } from '@peps/domain';
import { CSV_BOM, csvLine } from '@peps/read-store';
import type { RightsMatrixRow } from './evolve-rights-matrix.js';

export interface RightsMatrix {
  employerId: string;
  services: { code: string; label: string; family: string }[];
  accounts: { accountId: string; identifier: string; lastName: string; firstName: string; profile: string; rights: Record<string, AccessLevel> }[];
}

/** Every service of the current catalogue; a service added after an account's rights were set reads "none". */
export function toRightsMatrix(employerId: string, rows: RightsMatrixRow[]): RightsMatrix {
  return {
    employerId,
    services: services.map((s) => ({ code: s.code, label: s.label, family: s.familyLabel })),
    accounts: rows.map((r) => ({
      accountId: r.accountId,
      identifier: r.identifier,
      lastName: r.lastName,
      firstName: r.firstName,
      profile: r.profile,
      rights: Object.fromEntries(services.map((s) => [s.code, levelOf(r.rights, s.code)])),
    })),
  };
}

/** UTF-8 with BOM, `;`, French headers and level labels: opens as-is in a French spreadsheet. */
export function rightsMatrixCsv(rows: RightsMatrixRow[]): string {
  const parts = [CSV_BOM, csvLine(['Identifiant', 'Nom', 'Prénom', 'Profil', ...services.map((s) => s.label)])];
  for (const r of rows) {
    parts.push(
      csvLine([r.identifier, r.lastName, r.firstName, profileLabels[r.profile], ...services.map((s) => accessLevelLabels[levelOf(r.rights, s.code)])]),
    );
  }
  return parts.join('');
}
