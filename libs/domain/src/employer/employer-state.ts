import type { CompleteRights } from '../rights/rights.js';
import type { LegalRepresentative } from './employer-events.js';

export interface Employer {
  employerId: string;
  name: string;
  siret: string;
  legalRepresentative: LegalRepresentative;
  address: string[];
  defaultRights: CompleteRights;
  /** Current administrators and since when each one is (creation or promotion instant). */
  administrators: Readonly<Record<string, { since: string }>>;
  acceptedTermsOfUse: Readonly<Record<string, { acceptedBy: string; acceptedAt: string }>>;
}

/** `null` until the employer is registered. */
export type EmployerState = Employer | null;

export const initialEmployerState: EmployerState = null;
