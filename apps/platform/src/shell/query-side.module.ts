import { Module } from '@nestjs/common';
import { AccountHistoryController, GetAccountHistoryHandler } from '../accounts/account-history/account-history.js';
import { AccountListController } from '../accounts/account-list/account-list.controller.js';
import { ListAccountsHandler } from '../accounts/account-list/list-accounts.query.js';
import { AccountStateController, GetAccountStateAtHandler } from '../audit/account-state/account-state.js';
import { AuditController, GetAuditTrailHandler, VerifyEventStoreHandler } from '../audit/audit-trail/audit.js';
import { DrsRegistrationsController, ListAdministratorRegistrationsHandler } from '../drs/administrator-registrations/drs-registrations.js';
import { LettersListController, ListLettersHandler } from '../drs/letters-list/letters-list.js';
import { ReadStoreModule } from '@peps/runtime';
import { RightsMatrixController } from '../accounts/rights-matrix/rights-matrix.controller.js';
import { GetRightsMatrixHandler } from '../accounts/rights-matrix/rights-matrix.query.js';

/** Read side: query handlers (QueryBus) over the read models, and for history and time travel the event store. */
@Module({
  imports: [ReadStoreModule],
  controllers: [
    AccountListController,
    AccountHistoryController,
    AccountStateController,
    RightsMatrixController,
    DrsRegistrationsController,
    LettersListController,
    AuditController,
  ],
  providers: [
    ListAccountsHandler,
    GetAccountHistoryHandler,
    GetAccountStateAtHandler,
    GetRightsMatrixHandler,
    ListAdministratorRegistrationsHandler,
    ListLettersHandler,
    VerifyEventStoreHandler,
    GetAuditTrailHandler,
  ],
})
export class QuerySideModule {}
