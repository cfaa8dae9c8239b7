import { Module, type ModuleMetadata } from '@nestjs/common';
import { CommandSideModule } from '../shell/command-side.module.js';
import { SecondFactorModule } from '../access/second-factor/second-factor.module.js';
import { DrsRegistrationsController, ListAdministratorRegistrationsHandler } from './administrator-registrations/drs-registrations.js';
import { AdministratorRegistrationsPage } from './administrator-registrations/administrator-registrations.page.js';
import { CancelAdministratorRegistrationController } from './cancel-administrator-registration/cancel-administrator-registration.controller.js';
import { CancelAdministratorRegistrationHandler } from './cancel-administrator-registration/cancel-administrator-registration.handler.js';
import { CancelAdministratorRegistrationPage } from './cancel-administrator-registration/cancel-administrator-registration.page.js';
import { DeliveryFailuresController } from './delivery-failures/delivery-failures.controller.js';
import { DeliveryFailuresPage } from './delivery-failures/delivery-failures.page.js';
import { LettersListController, ListLettersHandler } from './letters-list/letters-list.js';
import { LettersListPage } from './letters-list/letters-list.page.js';
import { LettersPdfController } from './letters-pdf/letters-pdf.controller.js';
import { DrsOperatorsController } from './operators/drs-operators.controller.js';
import { DrsOperatorsPage } from './operators/drs-operators.page.js';
import { ErasePersonalDataModule } from './erase-personal-data/erase-personal-data.module.js';

/** The area's queries over the read models, on their own too: the query-side spec runs them without the write side. */
export const drsQueries: Required<Pick<ModuleMetadata, 'controllers' | 'providers'>> = {
  controllers: [DrsRegistrationsController, LettersListController],
  providers: [ListAdministratorRegistrationsHandler, ListLettersHandler],
};

/**
 * The DRS: administrators' registrations and their cancellation, letters to legal representatives and failed
 * deliveries (read from `pm.*`, so in every HTTP process whether or not it runs the process managers), operators.
 */
@Module({
  imports: [CommandSideModule, SecondFactorModule, ErasePersonalDataModule],
  controllers: [
    CancelAdministratorRegistrationController,
    DrsOperatorsController,
    ...drsQueries.controllers,
    LettersPdfController,
    DeliveryFailuresController,
    AdministratorRegistrationsPage,
    CancelAdministratorRegistrationPage,
    DrsOperatorsPage,
    LettersListPage,
    DeliveryFailuresPage,
  ],
  providers: [CancelAdministratorRegistrationHandler, ...drsQueries.providers],
})
export class DrsModule {}
