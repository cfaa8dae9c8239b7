import { Module } from '@nestjs/common';
import { CommandSideModule } from '../shell/command-side.module.js';
import { TermsOfUseController } from './versions/terms-of-use.controller.js';
import { AcceptTermsOfUseHandler, PublishTermsOfUseHandler } from './versions/terms-of-use.handlers.js';
import { TermsOfUsePage } from './versions/terms-of-use.page.js';

/** Terms of use: versions published by the DRS, accepted for their establishment by administrators. */
@Module({
  imports: [CommandSideModule],
  controllers: [TermsOfUseController, TermsOfUsePage],
  providers: [PublishTermsOfUseHandler, AcceptTermsOfUseHandler],
})
export class TermsOfUseModule {}
