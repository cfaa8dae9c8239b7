import { Module } from '@nestjs/common';
import { AccountHistoryController, GetAccountHistoryHandler } from './account-history/account-history.js';
import { AccountListController } from './account-list/account-list.controller.js';
import { ListAccountsHandler } from './account-list/list-accounts.query.js';
import { AccountStateController, GetAccountStateAtHandler } from './account-state/account-state.js';
import { AuditController, GetAuditTrailHandler, VerifyEventStoreHandler } from './audit/audit.js';
import { DrsRegistrationsController, ListAdministratorRegistrationsHandler } from './drs-registrations/drs-registrations.js';
import { LettersListController, ListLettersHandler } from './letters-list/letters-list.js';
import { ReadStoreModule } from './read-models/read-store.module.js';
import { RightsMatrixController } from './rights-matrix/rights-matrix.controller.js';
import { GetRightsMatrixHandler } from './rights-matrix/rights-matrix.query.js';

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
