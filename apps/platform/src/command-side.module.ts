import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccountDetailsController } from './account-details/account-details.controller.js';
import { AttemptLimiter } from './auth/attempt-limiter.js';
import { authStorageProviders } from './auth/auth-storage.js';
import { AuthenticationGuard } from './auth/authentication.guard.js';
import { BootstrapService } from './bootstrap/bootstrap.service.js';
import { CancelAdministratorRegistrationController } from './cancel-administrator-registration/cancel-administrator-registration.controller.js';
import { CancelAdministratorRegistrationHandler } from './cancel-administrator-registration/cancel-administrator-registration.handler.js';
import { ChangeAccountController } from './change-account/change-account.controller.js';
import { ChangeAccountHandler } from './change-account/change-account.handler.js';
import { CreateAccountController } from './create-account/create-account.controller.js';
import { CreateAccountHandler } from './create-account/create-account.handler.js';
import { CreatePasswordController } from './create-password/create-password.controller.js';
import { CreatePasswordHandler } from './create-password/create-password.handler.js';
import { DeleteAccountController } from './delete-account/delete-account.controller.js';
import { DeleteAccountHandler } from './delete-account/delete-account.handler.js';
import { DrsOperatorsController } from './drs-operators/drs-operators.controller.js';
import { WriteSide } from './infrastructure/write-side.js';
import { WrittenPositionInterceptor } from './infrastructure/written-position.interceptor.js';
import { AccountDirectory } from './infrastructure/account-directory.js';
import { PasswordHasher } from './infrastructure/password-hasher.js';
import { SessionStore } from './auth/session-store.js';
import { PasswordInvitationController } from './password-invitation/password-invitation.controller.js';
import { IssuePasswordInvitationHandler } from './password-invitation/password-invitation.handler.js';
import { RecoveryController } from './recovery/recovery.controller.js';
import { RecoveryService } from './recovery/recovery.service.js';
import { RegisterEmployerController } from './register-employer/register-employer.controller.js';
import { RegisterEmployerHandler } from './register-employer/register-employer.handler.js';
import { ServicesController } from './services/services.controller.js';
import { RecordFailedSignInHandler, RecordSignInHandler } from './sign-in/record-sign-in.handlers.js';
import { SignInController } from './sign-in/sign-in.controller.js';
import { SignInService } from './sign-in/sign-in.service.js';
import { AcceptTermsOfUseHandler, PublishTermsOfUseHandler } from './terms-of-use/terms-of-use.handlers.js';
import { TermsOfUseController } from './terms-of-use/terms-of-use.controller.js';
import { TestClockController } from './test-clock/test-clock.controller.js';
import { UnlockAccountController } from './unlock-account/unlock-account.controller.js';
import { UnlockAccountHandler } from './unlock-account/unlock-account.handler.js';

/**
 * Write side: command handlers, their HTTP mappings, sign-in and sessions, and the global guard that enforces
 * `@Public()` / `@Roles()` on every route of the platform (other modules' routes included).
 */
@Module({
  controllers: [
    SignInController,
    RegisterEmployerController,
    CreateAccountController,
    AccountDetailsController,
    ChangeAccountController,
    DeleteAccountController,
    PasswordInvitationController,
    UnlockAccountController,
    CancelAdministratorRegistrationController,
    TermsOfUseController,
    CreatePasswordController,
    RecoveryController,
    ServicesController,
    TestClockController,
    DrsOperatorsController,
  ],
  providers: [
    ...authStorageProviders,
    { provide: APP_INTERCEPTOR, useClass: WrittenPositionInterceptor },
    WriteSide,
    AttemptLimiter,
    SignInService,
    RecoveryService,
    BootstrapService,
    RegisterEmployerHandler,
    CreateAccountHandler,
    ChangeAccountHandler,
    DeleteAccountHandler,
    IssuePasswordInvitationHandler,
    CreatePasswordHandler,
    RecordSignInHandler,
    RecordFailedSignInHandler,
    UnlockAccountHandler,
    CancelAdministratorRegistrationHandler,
    PublishTermsOfUseHandler,
    AcceptTermsOfUseHandler,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [WriteSide, SessionStore, AccountDirectory, PasswordHasher],
})
export class CommandSideModule {}
