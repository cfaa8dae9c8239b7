import { CSV_BOM, csvLine } from '@peps/read-store';
import type { AccountListEntry } from '@peps/account-list';
import { civilityShort, profileLabels, statusLabels } from '../../shell/pages/account-view.js';

/** The account list as a French spreadsheet reads it (BOM, `;`, formula-looking cells escaped by `csvLine`). */

const parisFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** « 02/12/2026 13:05 » in Paris time (winter UTC+1, summer UTC+2); empty when there is no date. */
export function parisDateTime(instant: string | null | undefined): string {
  if (!instant) return '';
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? '' : parisFormat.format(date).replace(',', '');
}

export function accountCsvHeader(withEmployer: boolean): string {
  const cells = ['Identifiant', 'Civilité', 'Nom', 'Prénom', 'Courriel', 'Profil', 'Statut', 'Créé le', 'Dernière connexion'];
  return CSV_BOM + csvLine(withEmployer ? ['Employeur', ...cells] : cells);
}

export function accountCsvRow(entry: AccountListEntry, withEmployer: boolean): string {
  const cells = [
    entry.identifier,
    civilityShort(entry.civility),
    entry.lastName,
    entry.firstName,
    entry.email,
    profileLabels[entry.profile] ?? entry.profile,
    statusLabels[entry.status] ?? entry.status,
    parisDateTime(entry.createdAt),
    parisDateTime(entry.lastSignInAt),
  ];
  return csvLine(withEmployer ? [entry.employerId, ...cells] : cells);
}
