import { Module, type ModuleMetadata } from '@nestjs/common';
import { SQL_DATABASE } from '@peps/runtime';
import type { SqlDatabase } from '@peps/sql';
import { AccountStateController, GetAccountStateAtHandler } from './account-state/account-state.js';
import { AccountStatePage } from './account-state/account-state.page.js';
import { AuditController, FindAuditEmployersHandler, GetAuditTrailHandler, VerifyEventStoreHandler } from './audit-trail/audit.js';
import { AuditRightsMatrixPage } from './rights-matrix/audit-rights-matrix.page.js';
import { AuditTrailPage } from './audit-trail/audit-trail.page.js';
import {
  GetIntegrityVerificationHandler,
  IntegrityVerificationController,
  ListIntegrityVerificationsHandler,
  StartIntegrityVerificationHandler,
} from './integrity-verification/integrity-verification.js';
import { IntegrityVerificationPage } from './integrity-verification/integrity-verification.page.js';
import { migrateIntegrityVerifications } from './integrity-verification/integrity-verification-migrations.js';
import { AUDIT_SCHEMA, IntegrityVerifications } from './integrity-verification/integrity-verifications.js';

/** The area's queries, on their own too: the query-side spec runs them without the write side. */
export const auditQueries: Required<Pick<ModuleMetadata, 'controllers' | 'providers'>> = {
  controllers: [AccountStateController, AuditController],
  providers: [GetAccountStateAtHandler, VerifyEventStoreHandler, GetAuditTrailHandler, FindAuditEmployersHandler],
};

/**
 * Audit: the audit trail and its CSV, the event store's integrity (at once, and as a background job with its own
 * `audit` schema), an account's history and its state at an instant.
 */
@Module({
  // Until AccountsModule imports it (its home): the right of access, mounted here so it is served meanwhile.
  controllers: [...auditQueries.controllers, IntegrityVerificationController, AuditTrailPage, IntegrityVerificationPage, AccountStatePage, AuditRightsMatrixPage],
  providers: [
    ...auditQueries.providers,
    { provide: AUDIT_SCHEMA, inject: [SQL_DATABASE], useFactory: (db: SqlDatabase) => migrateIntegrityVerifications(db) },
    IntegrityVerifications,
    StartIntegrityVerificationHandler,
    GetIntegrityVerificationHandler,
    ListIntegrityVerificationsHandler,
  ],
})
export class AuditModule {}
