import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccountDetailsController } from '../accounts/account-details/account-details.controller.js';
import { AttemptLimiter } from '../access/throttling/attempt-limiter.js';
import { authStorageProviders } from '../access/authentication/auth-storage.js';
import { AuthenticationGuard } from '../access/authentication/authentication.guard.js';
import { BootstrapService } from '../operations/bootstrap/bootstrap.service.js';
import { CancelAdministratorRegistrationController } from '../drs/cancel-administrator-registration/cancel-administrator-registration.controller.js';
import { CancelAdministratorRegistrationHandler } from '../drs/cancel-administrator-registration/cancel-administrator-registration.handler.js';
import { ChangeAccountController } from '../accounts/change-account/change-account.controller.js';
import { ChangeAccountHandler } from '../accounts/change-account/change-account.handler.js';
import { CreateAccountController } from '../accounts/create-account/create-account.controller.js';
import { CreateAccountHandler } from '../accounts/create-account/create-account.handler.js';
import { CreatePasswordController } from '../access/create-password/create-password.controller.js';
import { CreatePasswordHandler } from '../access/create-password/create-password.handler.js';
import { DeleteAccountController } from '../accounts/delete-account/delete-account.controller.js';
import { DeleteAccountHandler } from '../accounts/delete-account/delete-account.handler.js';
import { DrsOperatorsController } from '../drs/operators/drs-operators.controller.js';
import { WriteSide } from './command-side/write-side.js';
import { WrittenPositionInterceptor } from './command-side/written-position.interceptor.js';
import { AccountDirectory } from './command-side/account-directory.js';
import { PasswordHasher } from '../access/passwords/password-hasher.js';
import { SessionStore } from '../access/authentication/session-store.js';
import { PasswordInvitationController } from '../accounts/password-invitation/password-invitation.controller.js';
import { IssuePasswordInvitationHandler } from '../accounts/password-invitation/password-invitation.handler.js';
import { RecoveryController } from '../access/recovery/recovery.controller.js';
import { RecoveryService } from '../access/recovery/recovery.service.js';
import { RegisterEmployerController } from '../employers/register-employer/register-employer.controller.js';
import { RegisterEmployerHandler } from '../employers/register-employer/register-employer.handler.js';
import { ServicesController } from '../accounts/services/services.controller.js';
import { RecordFailedSignInHandler, RecordSignInHandler } from '../access/sign-in/record-sign-in.handlers.js';
import { SignInController } from '../access/sign-in/sign-in.controller.js';
import { SignInService } from '../access/sign-in/sign-in.service.js';
import { AcceptTermsOfUseHandler, PublishTermsOfUseHandler } from '../terms-of-use/versions/terms-of-use.handlers.js';
import { TermsOfUseController } from '../terms-of-use/versions/terms-of-use.controller.js';
import { TestClockController } from '../operations/test-clock/test-clock.controller.js';
import { UnlockAccountController } from '../accounts/unlock-account/unlock-account.controller.js';
import { UnlockAccountHandler } from '../accounts/unlock-account/unlock-account.handler.js';

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
