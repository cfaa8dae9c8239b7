import { Module, type Provider } from '@nestjs/common';
import type { KeyVault } from '@peps/personal-data';
import { KEY_VAULT, SQL_DATABASE } from '@peps/runtime';
import type { SqlDatabase } from '@peps/sql';
import { CommandSideModule } from '../../shell/command-side.module.js';
import { AccountSessionOpener } from './account-session-opener.js';
import { SecondFactorCodeSender } from './code-sender.js';
import { PasskeyCeremonies } from './methods/passkey-ceremonies.js';
import { MyPasskeysController } from './my-passkeys.controller.js';
import { OperatorSecondFactors } from './operator-second-factors.js';
import { MySecondFactorController } from './my-second-factor.controller.js';
import { ResetSecondFactorController } from './reset-second-factor.controller.js';
import { DecideSecondFactorHandler } from './second-factor-command.handler.js';
import { SecondFactorGate } from './second-factor-gate.js';
import { SecondFactorVerification } from './second-factor-verification.service.js';
import { SecondFactorController } from './second-factor.controller.js';
import { StepUp } from './step-up.service.js';
import { SecondFactorCodePage } from './code-page/second-factor-code.page.js';
import { StepUpPage } from './step-up-page/step-up.page.js';
import { SecurityPage } from './security-page/security.page.js';
import { ResetSecondFactorPage } from './reset-page/reset-second-factor.page.js';

/** The operators' means, sealed with each operator's key (StorageModule migrates the auth schema before SQL_DATABASE resolves). */
const operatorSecondFactors: Provider = {
  provide: OperatorSecondFactors,
  inject: [SQL_DATABASE, KEY_VAULT],
  useFactory: (db: SqlDatabase, vault: KeyVault) => new OperatorSecondFactors(db, vault),
};

/**
 * The second factor (PEPS_SECOND_FACTOR): the challenge after the password, codes by e-mail and SMS, authenticator
 * apps, passkeys, trusted workstations, resets, and the step-up other areas ask for before a sensitive action.
 */
@Module({
  imports: [CommandSideModule],
  controllers: [
    SecondFactorController,
    MySecondFactorController,
    MyPasskeysController,
    ResetSecondFactorController,
    SecondFactorCodePage,
    StepUpPage,
    SecurityPage,
    ResetSecondFactorPage,
  ],
  providers: [SecondFactorGate, AccountSessionOpener, StepUp, SecondFactorVerification, SecondFactorCodeSender, PasskeyCeremonies, DecideSecondFactorHandler, operatorSecondFactors],
  exports: [SecondFactorGate, AccountSessionOpener, StepUp],
})
export class SecondFactorModule {}
