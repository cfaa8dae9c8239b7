import { civilityLabels, type Account } from '@peps/domain';

/** Where a datum is kept. */
export type StoreCode =
  | 'event-log'
  | 'read-model:account-list'
  | 'read-model:rights-matrix'
  | 'read-model:audit-trail'
  | 'read-model:administrator-registrations'
  | 'read-model:letters'
  | 'outbox-mails'
  | 'letters'
  | 'sign-in-records';

export const storeLabels: Record<StoreCode, string> = {
  'event-log': 'Journal des événements du compte (historique inaltérable)',
  'read-model:account-list': 'Liste des comptes de l’établissement',
  'read-model:rights-matrix': 'Matrice des droits de l’établissement',
  'read-model:audit-trail': 'Journal d’audit',
  'read-model:administrator-registrations': 'Suivi des inscriptions d’administrateurs (DRS)',
  'read-model:letters': 'Suivi des courriers au représentant légal (DRS)',
  'outbox-mails': 'Courriels envoyés',
  letters: 'Courriers PDF adressés au représentant légal de l’établissement',
  'sign-in-records': 'Relevé des connexions',
};

export interface RetentionMonths {
  closedMonths: number;
  signInMonths: number;
}

export type RetentionRule = 'account-life' | 'sign-in';

export interface PersonalDatum {
  field: string;
  label: string;
  value: string | string[] | null;
  stores: { code: StoreCode; label: string }[];
  retention: { rule: RetentionRule; months: number; text: string };
}

export interface SignInRecord {
  at: string;
  outcome: 'success' | 'failure';
  sourceAddress: string | null;
}

export interface PersonalDataReport {
  accountId: string;
  identifier: string;
  retention: RetentionMonths;
  data: PersonalDatum[];
  signIns: SignInRecord[];
}

const months = (n: number) => `${n} mois`;

/**
 * The period set, and what happens at its end, as the platform does it: connection data become unreadable month by
 * month (their month's key is destroyed at the start of the following month once the period has passed); the rest
 * is erased by the deadline manager at the end of the period after the account's closing.
 */
export function retentionText(rule: RetentionRule, retention: RetentionMonths): string {
  return rule === 'sign-in'
    ? `Conservé ${months(retention.signInMonths)} après chaque connexion, puis effacé (au plus tard un mois plus tard).`
    : `Conservé tant que le compte existe, puis effacé ${months(retention.closedMonths)} après sa suppression ou sa fermeture.`;
}

/**
 * Every personal datum held on the holder of an account, with where it is kept and for how long (GDPR art. 15).
 * Names and identifier reach the letters only when the account is or was administrator: the letter tells the legal
 * representative who became administrator. Sign-in addresses come from the metadata of the sign-in events.
 */
export function personalDataInventory(account: Account, signIns: SignInRecord[], retention: RetentionMonths): PersonalDataReport {
  const administrator = account.administratorSince !== null || account.createdAs === 'administrator' || account.profile === 'administrator';
  const adminStores: StoreCode[] = administrator ? ['read-model:administrator-registrations'] : [];
  const letterStores: StoreCode[] = administrator ? ['read-model:letters', 'letters'] : [];
  const lifelong = (field: string, label: string, value: PersonalDatum['value'], codes: StoreCode[]): PersonalDatum => ({
    field,
    label,
    value,
    stores: codes.map((code) => ({ code, label: storeLabels[code] })),
    retention: { rule: 'account-life', months: retention.closedMonths, text: retentionText('account-life', retention) },
  });
  const data: PersonalDatum[] = [
    lifelong('identifier', 'Identifiant', account.identifier, ['event-log', 'read-model:account-list', 'read-model:rights-matrix', 'read-model:audit-trail', ...adminStores, 'outbox-mails', ...letterStores]),
    lifelong('civility', 'Civilité', account.civility ? (civilityLabels[account.civility] ?? account.civility) : null, ['event-log', 'read-model:account-list', 'read-model:audit-trail', ...adminStores, 'outbox-mails']),
    lifelong('lastName', 'Nom', account.lastName, ['event-log', 'read-model:account-list', 'read-model:rights-matrix', 'read-model:audit-trail', ...adminStores, 'outbox-mails', ...letterStores]),
    lifelong('firstName', 'Prénom', account.firstName, ['event-log', 'read-model:account-list', 'read-model:rights-matrix', 'read-model:audit-trail', ...adminStores, 'outbox-mails', ...letterStores]),
    lifelong('email', 'Adresse électronique', account.email, ['event-log', 'read-model:account-list', 'read-model:audit-trail', ...adminStores, 'outbox-mails']),
    lifelong('phone', 'Téléphone', account.phone || null, ['event-log', 'read-model:audit-trail', 'outbox-mails']),
    lifelong('professionalAddress', 'Adresse professionnelle', account.professionalAddress?.length ? [...account.professionalAddress] : null, ['event-log', 'read-model:account-list', 'read-model:audit-trail', ...adminStores]),
    lifelong('lastSignInAt', 'Dernière connexion', account.lastSignInAt, ['event-log', 'read-model:account-list']),
  ];
  const workstations = Object.values(account.secondFactor.workstations).map((w) => w.label);
  if (signIns.some((s) => s.sourceAddress) || workstations.length) {
    const signInStores = [{ code: 'event-log' as const, label: storeLabels['event-log'] }, { code: 'sign-in-records' as const, label: storeLabels['sign-in-records'] }];
    const rule = { rule: 'sign-in' as const, months: retention.signInMonths, text: retentionText('sign-in', retention) };
    const addresses = [...new Set(signIns.map((s) => s.sourceAddress).filter((a): a is string => !!a))];
    if (addresses.length) data.push({ field: 'sourceAddresses', label: 'Adresses IP de connexion', value: addresses, stores: signInStores, retention: rule });
    if (workstations.length) data.push({ field: 'workstations', label: 'Navigateurs des postes reconnus', value: workstations, stores: signInStores, retention: rule });
  }
  return { accountId: account.accountId, identifier: account.identifier, retention, data, signIns };
}
