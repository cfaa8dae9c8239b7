import { Module, type ModuleMetadata } from '@nestjs/common';
import { CommandSideModule } from '../shell/command-side.module.js';
import { SecondFactorModule } from '../access/second-factor/second-factor.module.js';
import { AccountDetailsController } from './account-details/account-details.controller.js';
import { AccountHistoryController, GetAccountHistoryHandler } from './account-history/account-history.js';
import { AccountListController } from './account-list/account-list.controller.js';
import { AccountListPage } from './account-list/account-list.page.js';
import { ListAccountsHandler } from './account-list/list-accounts.query.js';
import { ChangeAccountController } from './change-account/change-account.controller.js';
import { ChangeAccountHandler } from './change-account/change-account.handler.js';
import { ChangeAccountPage } from './change-account/change-account.page.js';
import { CreateAccountController } from './create-account/create-account.controller.js';
import { CreateAccountHandler } from './create-account/create-account.handler.js';
import { CreateAccountPage } from './create-account/create-account.page.js';
import { DeleteAccountController } from './delete-account/delete-account.controller.js';
import { DeleteAccountHandler } from './delete-account/delete-account.handler.js';
import { DeleteAccountPage } from './delete-account/delete-account.page.js';
import { PasswordInvitationController } from './password-invitation/password-invitation.controller.js';
import { IssuePasswordInvitationHandler } from './password-invitation/password-invitation.handler.js';
import { PasswordInvitationPage } from './password-invitation/password-invitation.page.js';
import { RightsMatrixController } from './rights-matrix/rights-matrix.controller.js';
import { GetRightsMatrixHandler } from './rights-matrix/rights-matrix.query.js';
import { ServicesController } from './services/services.controller.js';
import { AccountStateController } from './account-state/account-state.controller.js';
import { AccountStateCommandHandler } from './account-state/account-state-command.handler.js';
import { UnlockAccountPage } from './unlock-account/unlock-account.page.js';
import { AccountImportsController } from './import-accounts/account-imports.controller.js';
import { AccountImports } from './import-accounts/account-imports.service.js';
import { ImportAccountsPage } from './import-accounts/import-accounts.page.js';
import { PersonalDataModule } from './personal-data/personal-data.module.js';
import { RenewAccountPage } from './renew-account/renew-account.page.js';
import { SamePersonAccounts } from './create-account/same-person.js';

/** The area's queries over the read models, on their own too: the query-side spec runs them without the write side. */
export const accountQueries: Required<Pick<ModuleMetadata, 'controllers' | 'providers'>> = {
  controllers: [AccountListController, AccountHistoryController, RightsMatrixController],
  providers: [ListAccountsHandler, GetAccountHistoryHandler, GetRightsMatrixHandler],
};

/**
 * « Gestion des comptes »: an establishment's accounts, their creation, changes, deletion, invitation and unlock,
 * their history and rights matrix. Page routes in this order: `comptes/nouveau` before `comptes/:id`.
 */
@Module({
  imports: [CommandSideModule, SecondFactorModule, PersonalDataModule],
  controllers: [
    AccountImportsController,
    CreateAccountController,
    AccountDetailsController,
    ChangeAccountController,
    DeleteAccountController,
    PasswordInvitationController,
    AccountStateController,
    ServicesController,
    ...accountQueries.controllers,
    AccountListPage,
    // `comptes/importer` before any `comptes/:id` page.
    ImportAccountsPage,
    CreateAccountPage,
    // `comptes/renouvellements` before ChangeAccountPage's `comptes/:id`.
    RenewAccountPage,
    ChangeAccountPage,
    DeleteAccountPage,
    PasswordInvitationPage,
    UnlockAccountPage,
  ],
  providers: [AccountImports, SamePersonAccounts, CreateAccountHandler, ChangeAccountHandler, DeleteAccountHandler, IssuePasswordInvitationHandler, AccountStateCommandHandler, ...accountQueries.providers],
})
export class AccountsModule {}
