import { Module, type ModuleMetadata } from '@nestjs/common';
import { AccountStateController, GetAccountStateAtHandler } from './account-state/account-state.js';
import { AccountStatePage } from './account-state/account-state.page.js';
import { AuditController, GetAuditTrailHandler, VerifyEventStoreHandler } from './audit-trail/audit.js';
import { AuditTrailPage } from './audit-trail/audit-trail.page.js';

/** The area's queries, on their own too: the query-side spec runs them without the write side. */
export const auditQueries: Required<Pick<ModuleMetadata, 'controllers' | 'providers'>> = {
  controllers: [AccountStateController, AuditController],
  providers: [GetAccountStateAtHandler, VerifyEventStoreHandler, GetAuditTrailHandler],
};

/** Audit: the audit trail and its CSV, the event store's integrity, an account's history and its state at an instant. */
@Module({
  controllers: [...auditQueries.controllers, AuditTrailPage, AccountStatePage],
  providers: [...auditQueries.providers],
})
export class AuditModule {}
