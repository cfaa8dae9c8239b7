import { Module } from '@nestjs/common';
import { SecondFactorModule } from '../../access/second-factor/second-factor.module.js';
import { CommandSideModule } from '../../shell/command-side.module.js';
import { ErasePersonalDataController } from './erase-personal-data.controller.js';
import { ErasePersonalDataHandler } from './erase-personal-data.handler.js';
import { ErasePersonalDataPage } from './erase-personal-data.page.js';
import { ErasureReactor } from './erasure-reactor.js';
import { ErasureSteps } from './erasure-steps.js';

/** The DRS's erasure of a closed account's personal data: API, pages, the steps and the reactor finishing them. */
@Module({
  imports: [CommandSideModule, SecondFactorModule],
  controllers: [ErasePersonalDataController, ErasePersonalDataPage],
  providers: [ErasePersonalDataHandler, ErasureSteps, ErasureReactor],
})
export class ErasePersonalDataModule {}
