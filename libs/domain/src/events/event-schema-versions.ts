import type { EventType } from './domain-event.js';

/**
 * Current schema version of every stored event type. Bump a version when an event's data changes
 * shape, and add the upcaster from the previous version in `upcasters.ts`.
 */
export const eventSchemaVersions: Record<EventType, number> = {
  'account.created': 2,
  'account.password-invitation-issued': 1,
  'account.password-created': 1,
  'account.invitation-expired': 1,
  'account.contact-details-changed': 1,
  'account.rights-changed': 1,
  'account.promoted-to-administrator': 1,
  'account.deleted': 1,
  'account.administrator-registration-cancelled': 1,
  'account.personal-data-erased': 1,
  'account.signed-in': 1,
  'account.sign-in-failed': 1,
  'account.locked': 1,
  'account.unlocked': 1,
  'account.renewed': 1,
  'account.password-reset-requested': 1,
  'account.password-reset': 1,
  'account.password-rehashed': 1,
  'account.inactivity-warned': 1,
  'account.deactivated': 1,
  'account.second-factor-code-issued': 1,
  'account.second-factor-verified': 1,
  'account.second-factor-failed': 1,
  'account.totp-enrolment-started': 1,
  'account.totp-enrolled': 1,
  'account.totp-removed': 1,
  'account.passkey-registered': 1,
  'account.passkey-removed': 1,
  'account.workstation-trusted': 1,
  'account.workstation-revoked': 1,
  'account.second-factor-reset': 1,
  'employer.registered': 1,
  'employer.administrator-added': 1,
  'employer.administrator-removed': 1,
  'employer.terms-of-use-accepted': 1,
  'employer.legal-representative-corrected': 1,
  'terms-of-use.published': 1,
};

export const eventTypes = Object.keys(eventSchemaVersions) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(eventSchemaVersions, type);
}
