import { Module, type ModuleMetadata } from '@nestjs/common';
import { AccountStateController, GetAccountStateAtHandler } from './account-state/account-state.js';
import { AccountStatePage } from './account-state/account-state.page.js';
import { AuditController, FindAuditEmployersHandler, GetAuditTrailHandler, VerifyEventStoreHandler } from './audit-trail/audit.js';
import { AuditRightsMatrixPage } from './rights-matrix/audit-rights-matrix.page.js';
import { AuditTrailPage } from './audit-trail/audit-trail.page.js';

/** The area's queries, on their own too: the query-side spec runs them without the write side. */
export const auditQueries: Required<Pick<ModuleMetadata, 'controllers' | 'providers'>> = {
  controllers: [AccountStateController, AuditController],
  providers: [GetAccountStateAtHandler, VerifyEventStoreHandler, GetAuditTrailHandler, FindAuditEmployersHandler],
};

/** Audit: the audit trail and its CSV, the event store's integrity, an account's history and its state at an instant. */
@Module({
  // Until AccountsModule imports it (its home): the right of access, mounted here so it is served meanwhile.
  controllers: [...auditQueries.controllers, AuditTrailPage, AccountStatePage, AuditRightsMatrixPage],
  providers: [...auditQueries.providers],
})
export class AuditModule {}
