import type { ReadModelReaders } from '@peps/projections';

export const READ_STORE = Symbol('ReadStore');

/** The read side of the process (`ReadSide`): its read store and its readers. */
export const READ_SIDE = Symbol('ReadSide');

/** One token per reader port: a query handler injects the port, whatever the read store. */
export const ACCOUNT_LIST_READER = Symbol('AccountListReader');
export const RIGHTS_MATRIX_READER = Symbol('RightsMatrixReader');
export const ADMINISTRATOR_REGISTRATIONS_READER = Symbol('AdministratorRegistrationsReader');
export const LETTERS_READER = Symbol('LettersReader');
export const AUDIT_TRAIL_READER = Symbol('AuditTrailReader');

export const readerTokens: Readonly<Record<keyof ReadModelReaders, symbol>> = {
  accountList: ACCOUNT_LIST_READER,
  rightsMatrix: RIGHTS_MATRIX_READER,
  administratorRegistrations: ADMINISTRATOR_REGISTRATIONS_READER,
  letters: LETTERS_READER,
  auditTrail: AUDIT_TRAIL_READER,
};
