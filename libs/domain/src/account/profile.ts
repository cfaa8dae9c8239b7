import { invalid, valid, type Validated } from '../shared/field-error.js';

export type Profile = 'administrator' | 'user';

export const profileLabels: Record<Profile, string> = { administrator: 'Administrateur', user: 'Utilisateur' };

export function validateProfile(raw: unknown, field = 'profile'): Validated<Profile> {
  if (raw === undefined || raw === null || raw === '') return invalid(field, 'Le profil du compte est obligatoire.');
  if (raw !== 'administrator' && raw !== 'user') {
    return invalid(field, 'Le profil du compte doit être « Administrateur » ou « Utilisateur ».');
  }
  return valid(raw);
}
