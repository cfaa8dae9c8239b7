export { KEY_BYTES } from './aes-gcm.js';
export { connectionKeyOf, firstKeptPeriod, SOURCE_ADDRESS_PURPOSE } from './connection-keys.js';
export { isSealedValue, openValue, sealValue, subjectOf } from './field-cipher.js';
export { KeyVault, SubjectErasedError, type KeyVaultOptions, type OwnedKey, type RotationProgress } from './key-vault.js';
export { loadMasterKey, MASTER_KEY_FILE, MasterKeyError, masterKeyOf, parseMasterKey, type MasterKey } from './master-key.js';
export { personalDataMigrations } from './migrations.js';
export { sealEvent } from './seal-event.js';
export { BrokenChainError, LOG_SEALED_EVENT_TYPE, sealLog, type ChainHeadChange, type SealLogOptions, type SealLogResult } from './seal-log.js';
export { SealingEventStore, type PersonalFieldMap } from './sealing-event-store.js';
