import type { AdministratorRegistration } from './evolve-administrator-registrations.js';

export type RegistrationStatusFilter = 'active' | 'cancelled' | 'letter-pending' | 'all';

export interface RegistrationFilter {
  status?: RegistrationStatusFilter;
  employerId?: string;
}

export interface RegistrationView extends AdministratorRegistration {
  employerName: string;
  /** False when the employer has no administrator left: the DRS must act. */
  employerHasAdministrator: boolean;
  /** Identifier of whoever created or promoted, when it was an account we know. */
  registeredByIdentifier: string | null;
}

/**
 * The administrators created or promoted, on whichever read store (`SqlAdministratorRegistrationsReader`,
 * `MongoAdministratorRegistrationsReader`). Reads the letters read model too.
 */
export interface AdministratorRegistrationsReader {
  /**
   * Newest first (then by account id), at most 2,000, each with its account's latest letter, its employer's name and
   * whether that employer still has an administrator. "Letter pending": not cancelled, latest letter not sent.
   */
  list(filter?: RegistrationFilter): Promise<RegistrationView[]>;
  /** Whether an employer exists: this read model keeps every employer. */
  employerExists(employerId: string): Promise<boolean>;
}

export const REGISTRATIONS_LIMIT = 2000;

/** Letter states after which a letter no longer waits. */
export const SENT_LETTER_STATES = ['sent-to-mailroom', 'sent'] as const;
