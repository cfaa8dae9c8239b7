// Public API of the pure domain. Spec helpers live in ./shared/testing and are not exported here.

export * from './shared/assert-never.js';
export type * from './shared/command-metadata.js';
export * from './shared/field-error.js';
export type * from './shared/domain-error-code.js';
export * from './shared/domain-error.js';
export * from './shared/domain-error-catalogue.js';
export * from './shared/instant.js';
export * from './shared/authorisation.js';
export * from './shared/decider.js';

export * from './identifier/identifier-prefix.js';
export * from './identifier/identifier.js';
export * from './identifier/operator-identifier.js';
export * from './email/email.js';
export * from './phone/phone.js';
export * from './siret/siret.js';
export * from './postal-address/postal-address.js';
export * from './postal-address/recipient-block.js';
export * from './person-name/person-name.js';
export * from './person-name/civility.js';

export * from './password/password-policy.js';
export * from './password/common-passwords.js';

export * from './rights/access-level.js';
export * from './rights/rights-catalogue.js';
export * from './rights/rights.js';
export * from './rights/default-rights-template.js';
export * from './rights/resolve-rights.js';

export type * from './employer/employer-commands.js';
export type * from './employer/employer-events.js';
export * from './employer/employer-state.js';
export * from './employer/terms-of-use-delay.js';
export * from './employer/evolve-employer.js';
export * from './employer/decide-employer.js';
export * from './employer/administrator-set.js';

export type * from './account/account-commands.js';
export type * from './account/account-events.js';
export * from './account/account-state.js';
export * from './account/account-status.js';
export * from './account/profile.js';
export * from './account/account-contact.js';
export * from './account/inactivity-deadlines.js';
export * from './account/personal-data-retention.js';
export * from './account/evolve-account.js';
export * from './account/decide-account.js';
export { INVITATION_LIFETIME_MS } from './account/decisions/password-invitation.js';
export { PASSWORD_RESET_LIFETIME_MS } from './account/decisions/password-reset.js';
export { MAX_CONSECUTIVE_FAILED_SIGN_INS } from './account/decisions/sign-in.js';
export { PROFESSIONAL_ADDRESS_REQUIRED } from './account/decisions/promote-to-administrator.js';
export { ERASURE_REASON_MAX_LENGTH } from './account/decisions/erase-personal-data.js';

export * from './second-factor/second-factor-policy.js';
export * from './second-factor/second-factor-state.js';
export * from './second-factor/constant-time-equal.js';
export * from './second-factor/mobile-phone.js';
export * from './second-factor/available-methods.js';
export * from './second-factor/trusted-workstation.js';
export * from './second-factor/step-up.js';
export * from './second-factor/sensitive-actions.js';
export { isSecondFactorFailure } from './second-factor/decisions/verify.js';
export { validatePasskeyName } from './second-factor/decisions/passkeys.js';

export type * from './terms-of-use/terms-of-use-commands.js';
export type * from './terms-of-use/terms-of-use-events.js';
export * from './terms-of-use/terms-of-use-state.js';
export * from './terms-of-use/evolve-terms-of-use.js';
export * from './terms-of-use/decide-terms-of-use.js';

export type * from './events/domain-event.js';
export * from './events/event-schema-versions.js';
export * from './events/upcasters.js';
export * from './events/upcast.js';
export * from './events/personal-fields.js';
export * from './streams/stream-names.js';
export * from './streams/fold-streams.js';
