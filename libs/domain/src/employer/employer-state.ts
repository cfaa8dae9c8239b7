import type { EmployerRegistered } from './employer-events.js';

/** The employer as registered (its name, SIRET, representative, address and default rights), then what followed. */
export interface Employer extends Pick<EmployerRegistered['data'], 'employerId' | 'name' | 'siret' | 'legalRepresentative' | 'address' | 'defaultRights'> {
  /** Current administrators and since when each one is (creation or promotion instant). */
  administrators: Readonly<Record<string, { since: string }>>;
  acceptedTermsOfUse: Readonly<Record<string, { acceptedBy: string; acceptedAt: string }>>;
}

/** `null` until the employer is registered. */
export type EmployerState = Employer | null;

export const initialEmployerState: EmployerState = null;
