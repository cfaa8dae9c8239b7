import { Module } from '@nestjs/common';
import { CommandSideModule } from '../shell/command-side.module.js';
import { CreatePasswordController } from './create-password/create-password.controller.js';
import { CreatePasswordHandler } from './create-password/create-password.handler.js';
import { CreatePasswordPage } from './create-password/create-password.page.js';
import { RecoveryController } from './recovery/recovery.controller.js';
import { RecoveryPage } from './recovery/recovery.page.js';
import { RecoveryService } from './recovery/recovery.service.js';
import { RecordFailedSignInHandler, RecordSignInHandler } from './sign-in/record-sign-in.handlers.js';
import { SignInController } from './sign-in/sign-in.controller.js';
import { SignInPage } from './sign-in/sign-in.page.js';
import { SignInService } from './sign-in/sign-in.service.js';
import { SecondFactorModule } from './second-factor/second-factor.module.js';

/**
 * Access: sign-in and sign-out, forgotten identifier and password, password creation and reset, with their
 * throttling, and the second factor (its own module, whose step-up the other areas import). Sessions and the global guard are the command side's (every area's routes go through them).
 */
@Module({
  imports: [CommandSideModule, SecondFactorModule],
  controllers: [SignInController, CreatePasswordController, RecoveryController, SignInPage, RecoveryPage, CreatePasswordPage],
  providers: [SignInService, RecoveryService, CreatePasswordHandler, RecordSignInHandler, RecordFailedSignInHandler],
})
export class AccessModule {}
