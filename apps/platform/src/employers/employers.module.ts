import { Module } from '@nestjs/common';
import { CommandSideModule } from '../shell/command-side.module.js';
import { RegisterEmployerController } from './register-employer/register-employer.controller.js';
import { RegisterEmployerHandler } from './register-employer/register-employer.handler.js';
import { RegisterEstablishmentPage } from './register-employer/register-establishment.page.js';
import { DrsRegisterEmployerPage } from './drs-register-employer/drs-register-employer.page.js';
import { CorrectLegalRepresentativeController } from './correct-legal-representative/correct-legal-representative.controller.js';
import { CorrectLegalRepresentativeHandler } from './correct-legal-representative/correct-legal-representative.handler.js';
import { CorrectLegalRepresentativePage } from './correct-legal-representative/correct-legal-representative.page.js';

/**
 * Establishments: their registration by the DRS with a first administrator, the page saying how to ask for it, and the
 * DRS's correction of the legal representative their letters go to.
 */
@Module({
  imports: [CommandSideModule],
  controllers: [RegisterEmployerController, CorrectLegalRepresentativeController, RegisterEstablishmentPage, DrsRegisterEmployerPage, CorrectLegalRepresentativePage],
  providers: [RegisterEmployerHandler, CorrectLegalRepresentativeHandler],
})
export class EmployersModule {}
