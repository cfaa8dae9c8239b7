import { erasedValue, isEventType, personalFields, type PersonalFieldsOfEvent, type PersonalValueShape } from '@peps/domain';
import { KeyVault, loadMasterKey, parseMasterKey, personalDataMigrations, type PersonalFieldMap } from '@peps/personal-data';
import { migrate, type SqlDatabase } from '@peps/sql';
import type { PlatformConfig } from '../config/platform-config.js';

/**
 * Personal values of the platform's own streams, beside the domain's: an import's checked lines (names, e-mails,
 * addresses of a whole file; their errors quote no cell), sealed with the import's key, destroyed once the import is
 * applied (erased, the list reads empty); the address a mail went to, with the account's key; the address an identifier reminder was asked
 * for, with the key of the first account using it (an address shared by several accounts goes with the first).
 */
const platformFields: Record<string, PersonalFieldsOfEvent> = {
  'import.checked': { subject: 'importId', fields: [{ path: ['rows'], shape: 'list' }] },
  'import.lines-checked': { subject: 'importId', fields: [{ path: ['rows'], shape: 'list' }] },
  'notification.sent': { subject: 'accountId', fields: [{ path: ['to'], shape: 'text' }] },
  'identifier.reminder-requested': { subject: 'accountIds', fields: [{ path: ['email'], shape: 'text' }] },
};

/** The map of personal values every process seals and opens with (the platform, the worker, the CLI). */
export const personalFieldMap: PersonalFieldMap = {
  fieldsOf: (type) => (isEventType(type) ? personalFields[type] : platformFields[type]),
  erased: (shape) => erasedValue(shape as PersonalValueShape),
};

/**
 * The key vault of this process: `PEPS_MASTER_KEY` (or the data folder's key file) wraps new keys;
 * `PEPS_MASTER_KEY_PREVIOUS`, during a rotation, still unwraps the keys not yet re-wrapped.
 */
export async function openKeyVault(db: SqlDatabase, config: Pick<PlatformConfig, 'masterKey' | 'previousMasterKey' | 'dataDir'>): Promise<KeyVault> {
  await migrate(db, 'personal-data', personalDataMigrations);
  const current = loadMasterKey({ env: config.masterKey, dataDir: config.dataDir });
  const masters = config.previousMasterKey ? [current, parseMasterKey(config.previousMasterKey)] : [current];
  return new KeyVault(db, masters);
}
