import { Module } from '@nestjs/common';
import { CommandSideModule } from '../shell/command-side.module.js';
import { RegisterEmployerController } from './register-employer/register-employer.controller.js';
import { RegisterEmployerHandler } from './register-employer/register-employer.handler.js';
import { RegisterEstablishmentPage } from './register-employer/register-establishment.page.js';
import { DrsRegisterEmployerPage } from './drs-register-employer/drs-register-employer.page.js';

/** Establishments: their registration by the DRS with a first administrator, and the page saying how to ask for it. */
@Module({
  imports: [CommandSideModule],
  controllers: [RegisterEmployerController, RegisterEstablishmentPage, DrsRegisterEmployerPage],
  providers: [RegisterEmployerHandler],
})
export class EmployersModule {}
