// Spec-only fixtures: the guide's CHRU DE NANTES and Jean Louty.
import type { AccountCommand, CreateAccount } from '../account/account-commands.js';
import type { AccountCreated, AccountEvent } from '../account/account-events.js';
import type { EmployerEvent } from '../employer/employer-events.js';
import { defaultRightsTemplate } from '../rights/default-rights-template.js';
import { addMs, DAY_MS } from '../shared/instant.js';
import { administratorOf, drsActor } from './metadata.js';

export const employerId = 'employer-chru-nantes';
export const guideAddress = ['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'];
export const T0 = '2020-03-12T09:00:00.000Z';
export const at = (days: number, base = T0) => addMs(base, days * DAY_MS);

/** The guide's employer: its name, SIRET and legal representative. */
export const chruDeNantes = { name: 'CHRU DE NANTES VP201', siret: '26440013600018', legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe' } } as const;

export const employerRegistered: EmployerEvent = {
  type: 'employer.registered',
  data: {
    employerId,
    ...chruDeNantes,
    address: guideAddress,
    defaultRights: defaultRightsTemplate,
    rightsCatalogueVersion: 1,
    registeredBy: drsActor,
    registeredAt: T0,
  },
};

export const adminActor = administratorOf(employerId, 'admin-1');

/** Jean Louty's account form as the guide fills it (without the e-mail confirmation and the phone, typed either way). */
export const jeanLoutyContact = { profile: 'user', civility: 'monsieur', lastName: 'Louty', firstName: 'Jean', email: 'jean.louty@chu-nantes.fr' } as const;
const jeanLoutyIds = { accountId: 'account-jlo', employerId, identifier: 'JLO000439' };

export function createJeanLouty(overrides: Partial<CreateAccount> = {}): CreateAccount {
  return {
    type: 'CreateAccount',
    ...jeanLoutyIds,
    ...jeanLoutyContact,
    emailConfirmation: jeanLoutyContact.email,
    phone: '02 41 05 19 38',
    rights: defaultRightsTemplate,
    invitationTokenHash: 'token-1',
    ...overrides,
  };
}

export function jeanLoutyCreated(overrides: Partial<AccountCreated['data']> = {}): AccountCreated {
  return {
    type: 'account.created',
    data: {
      ...jeanLoutyIds,
      ...jeanLoutyContact,
      phone: '0241051938',
      professionalAddress: null,
      rights: defaultRightsTemplate,
      rightsCatalogueVersion: 1,
      createdBy: adminActor,
      createdAt: T0,
      ...overrides,
    },
  };
}

/** Jean Louty made an administrator of the CHRU by `adminActor`, with the guide's professional address. */
export function jeanPromoted(promotedAt: string, holder: { phone?: string | null; professionalAddress?: string[] } = {}): AccountEvent {
  return {
    type: 'account.promoted-to-administrator',
    data: {
      ...jeanLoutyIds,
      holder: { civility: 'monsieur', lastName: 'Louty', firstName: 'Jean', email: 'jean.louty@chu-nantes.fr', phone: '0241051938', professionalAddress: guideAddress, ...holder },
      promotedBy: adminActor,
      promotedAt,
    },
  };
}

export function invitationIssued(tokenHash = 'token-1', issuedAt = T0, superseded: string | null = null): AccountEvent {
  return {
    type: 'account.password-invitation-issued',
    data: {
      accountId: 'account-jlo',
      tokenHash,
      issuedAt,
      expiresAt: at(15, issuedAt),
      supersededTokenHash: superseded,
      issuedBy: adminActor,
    },
  };
}

export function passwordCreated(createdAt = at(1), tokenHash = 'token-1'): AccountEvent {
  return { type: 'account.password-created', data: { accountId: 'account-jlo', tokenHash, passwordHash: 'hash-1', createdAt } };
}

/** Jean Louty with his password created one day after creation. */
export const activeJean: AccountEvent[] = [jeanLoutyCreated(), invitationIssued(), passwordCreated()];

export const command = <C extends AccountCommand>(c: C): C => c;
