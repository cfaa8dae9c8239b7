export * from './access/passwords/password-hasher.js';
export { IntegrityVerifications, type IntegrityVerification } from './audit/integrity-verification/integrity-verifications.js';
export { migrateIntegrityVerifications } from './audit/integrity-verification/integrity-verification-migrations.js';
