import type { RightsInput } from '../rights/resolve-rights.js';

export interface RegisterEmployer {
  type: 'RegisterEmployer';
  employerId: string;
  name: string;
  siret: string;
  legalRepresentative: { civility: string; lastName: string; firstName: string; /** Optional (« Maire »), printed under the name. */ function?: string | null };
  /** Postal address lines, where the legal representative's letters go. */
  address: string[];
  /** Partial template; services left out take the guide's "same rights as E-services". */
  defaultRights?: RightsInput;
}

/** Recorded alongside an account's creation as administrator or its promotion (same transaction). */
export interface AddAdministrator {
  type: 'AddAdministrator';
  employerId: string;
  accountId: string;
  reason: 'creation' | 'promotion';
}

/** Recorded alongside an administrator's deletion or the DRS cancelling the registration. */
export interface RemoveAdministrator {
  type: 'RemoveAdministrator';
  employerId: string;
  accountId: string;
  reason: 'deletion' | 'cancellation';
}

export interface AcceptTermsOfUse {
  type: 'AcceptTermsOfUse';
  employerId: string;
  version: string;
  /** Read by the handler from the terms-of-use stream: versions the DRS has published. */
  publishedVersions: readonly string[];
}

/** DRS: the legal representative or the address their letters go to was wrong (a letter returned, a failed delivery). */
export interface CorrectLegalRepresentative {
  type: 'CorrectLegalRepresentative';
  employerId: string;
  legalRepresentative: RegisterEmployer['legalRepresentative'];
  address: string[];
}

export type EmployerCommand = RegisterEmployer | AddAdministrator | RemoveAdministrator | AcceptTermsOfUse | CorrectLegalRepresentative;
