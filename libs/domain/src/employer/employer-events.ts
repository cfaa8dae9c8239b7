import type { Civility } from '../person-name/civility.js';
import type { CompleteRights } from '../rights/rights.js';
import type { Actor } from '../shared/command-metadata.js';

export interface LegalRepresentative {
  civility: Civility;
  lastName: string;
  firstName: string;
  /** Printed under the name on letters (« Maire »); absent when not given. */
  function?: string;
}

export interface EmployerRegistered {
  type: 'employer.registered';
  data: {
    employerId: string;
    name: string;
    siret: string;
    legalRepresentative: LegalRepresentative;
    address: string[];
    defaultRights: CompleteRights;
    rightsCatalogueVersion: number;
    registeredBy: Actor;
    registeredAt: string;
  };
}

export interface EmployerAdministratorAdded {
  type: 'employer.administrator-added';
  data: { employerId: string; accountId: string; reason: 'creation' | 'promotion'; since: string };
}

export interface EmployerAdministratorRemoved {
  type: 'employer.administrator-removed';
  data: { employerId: string; accountId: string; reason: 'deletion' | 'cancellation'; removedAt: string };
}

export interface EmployerTermsOfUseAccepted {
  type: 'employer.terms-of-use-accepted';
  data: { employerId: string; version: string; acceptedBy: string; acceptedAt: string };
}

/** The DRS corrected where the representative's letters go; `previous` keeps what was replaced, for the audit. */
export interface EmployerLegalRepresentativeCorrected {
  type: 'employer.legal-representative-corrected';
  data: {
    employerId: string;
    legalRepresentative: LegalRepresentative;
    address: string[];
    previous: { legalRepresentative: LegalRepresentative; address: string[] };
    correctedBy: Actor;
    correctedAt: string;
  };
}

export type EmployerEvent =
  | EmployerRegistered
  | EmployerLegalRepresentativeCorrected
  | EmployerAdministratorAdded
  | EmployerAdministratorRemoved
  | EmployerTermsOfUseAccepted;
