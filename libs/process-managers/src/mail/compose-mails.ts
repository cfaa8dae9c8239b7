import { addressBelowEmployer, isAdministratorOf, isDrs, validateRecipientBlock, type Account, type AccountEvent, type Actor, type Employer, type EventData } from '@peps/domain';
import {
  renderAccountDeactivatedMail,
  renderForgottenIdentifierMail,
  renderInactivityWarningMail,
  renderNewInvitationMail,
  renderPasswordCreationMail,
  renderPasswordResetMail,
  renderPromotedToAdministratorMail,
  renderRegistrationCancelledMail,
  renderRegistrationCancelledToAdministratorsMail,
  renderNewWorkstationMail,
  renderSecondFactorResetMail,
  type RenderedMail,
  type SecondFactorResetter,
} from '@peps/notifications';
import type { SqlExecutor } from '@peps/sql';
import { actorPerson, loadAccount, requireAccount, requireEmployer, type StreamReader } from '../aggregates.js';
import { PermanentEffectError, type PendingEffect, type PlannedEffect } from '../runtime/process-manager.js';
import type { IdentifierReminderRequested } from './identifier-reminder.js';
import type { MailKind } from './mail-decisions.js';
import { deleteOutgoingToken, passwordLink, readOutgoingToken } from './outgoing-links.js';

export interface MailEnvironment {
  store: StreamReader;
  db: SqlExecutor;
  publicUrl: string;
}

export type Composed =
  | { outcome: 'mail'; to: string; accountId: string | null; rendered: RenderedMail; /** after the send is recorded */ after?: () => Promise<void> }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'spawn'; effects: PlannedEffect[] };

type Payload<T extends AccountEvent['type']> = EventData<T>;

const skipped = (reason: string): Composed => ({ outcome: 'skipped', reason });

type Holder = Pick<Account, 'accountId' | 'email' | 'identifier' | 'civility' | 'lastName'>;

/** How every mail to a holder begins: the platform's address, whom « Bonjour » names, the account's identifier. */
const addressedTo = (env: MailEnvironment, holder: Holder) => ({
  platformUrl: env.publicUrl,
  recipient: { civility: holder.civility, lastName: holder.lastName },
  identifier: holder.identifier,
});

/** The mail to the holder's address; `after` runs once its sending is recorded. */
const mailTo = (holder: Holder, rendered: RenderedMail, after?: () => Promise<void>): Composed =>
  after ? { outcome: 'mail', to: holder.email, accountId: holder.accountId, rendered, after } : { outcome: 'mail', to: holder.email, accountId: holder.accountId, rendered };

/** An account created by a DRS operator (an employer's first administrator) has no creator account. */
const DRS_AS_CREATOR = { organisation: 'la Direction des Retraites et de la Solidarité' } as const;

async function passwordInvitation(env: MailEnvironment, data: Payload<'account.password-invitation-issued'>, causeEventId: string): Promise<Composed> {
  const { account, createdBy } = await loadAccount(env.store, data.accountId);
  if (!account) throw new Error(`account ${data.accountId} not found`);
  const token = account.invitations[data.tokenHash];
  // A link already used, replaced or expired must not be sent: the holder would get a dead link.
  if (!token || token.status !== 'pending' || account.status === 'closed') {
    await deleteOutgoingToken(env.db, causeEventId);
    return skipped(account.status === 'closed' ? 'account closed' : `invitation ${token?.status ?? 'unknown'}`);
  }
  const raw = await readOutgoingToken(env.db, { eventId: causeEventId, accountId: data.accountId, tokenHash: data.tokenHash, purpose: 'invitation' });
  if (!raw) throw new Error('the link token is not in auth.outgoing_links (issue a new invitation)');
  const employer = await requireEmployer(env.store, account.employerId);
  const firstIssued = Object.entries(account.invitations).sort(([, a], [, b]) => a.issuedAt.localeCompare(b.issuedAt))[0][0];
  const creatorPerson = await actorPerson(env.store, createdBy);
  const creator = creatorPerson
    ? { civility: creatorPerson.civility, lastName: creatorPerson.lastName, phone: creatorPerson.phone ?? undefined }
    : DRS_AS_CREATOR;
  const common = {
    platformUrl: env.publicUrl,
    recipient: { civility: account.civility, lastName: account.lastName },
    creator,
    createdAt: account.createdAt,
    profile: account.profile,
    employerName: employer.name,
    link: passwordLink(env.publicUrl, 'invitation', raw),
    legalRepresentativeAddress: letterAddress(employer),
  };
  let rendered: RenderedMail;
  if (firstIssued === data.tokenHash) {
    rendered = renderPasswordCreationMail(common);
  } else {
    const issuer = (await actorPerson(env.store, data.issuedBy)) ?? DRS_AS_CREATOR;
    rendered = renderNewInvitationMail({ ...common, reissuedAt: data.issuedAt, issuer });
  }
  return mailTo(account, rendered, () => deleteOutgoingToken(env.db, causeEventId));
}

async function passwordReset(env: MailEnvironment, data: Payload<'account.password-reset-requested'>, causeEventId: string): Promise<Composed> {
  const account = await requireAccount(env.store, data.accountId);
  const token = account.passwordResets[data.tokenHash];
  if (!token || token.status !== 'pending') {
    await deleteOutgoingToken(env.db, causeEventId);
    return skipped(`password reset ${token?.status ?? 'unknown'}`);
  }
  const raw = await readOutgoingToken(env.db, { eventId: causeEventId, accountId: data.accountId, tokenHash: data.tokenHash, purpose: 'password-reset' });
  if (!raw) throw new Error('the link token is not in auth.outgoing_links');
  const rendered = renderPasswordResetMail({
    ...addressedTo(env, account),
    requestedAt: data.requestedAt,
    link: passwordLink(env.publicUrl, 'password-reset', raw),
  });
  return mailTo(account, rendered, () => deleteOutgoingToken(env.db, causeEventId));
}

async function forgottenIdentifier(env: MailEnvironment, data: IdentifierReminderRequested['data']): Promise<Composed> {
  const accounts = [];
  for (const accountId of data.accountIds) {
    const { account } = await loadAccount(env.store, accountId);
    // Only what is still tied to the address: a changed e-mail or a closed account is left out.
    if (!account || account.status === 'closed' || account.email.toLowerCase() !== data.email.toLowerCase()) continue;
    const employer = await requireEmployer(env.store, account.employerId);
    accounts.push({ civility: account.civility, firstName: account.firstName, lastName: account.lastName, identifier: account.identifier, employerName: employer.name });
  }
  if (!accounts.length) return skipped('no account tied to the address any more');
  return {
    outcome: 'mail',
    to: data.email,
    accountId: null,
    rendered: renderForgottenIdentifierMail({ platformUrl: env.publicUrl, email: data.email, requestedAt: data.requestedAt, accounts }),
  };
}

async function inactivityWarning(env: MailEnvironment, data: Payload<'account.inactivity-warned'>): Promise<Composed> {
  const account = await requireAccount(env.store, data.accountId);
  if (account.status !== 'active' && account.status !== 'locked') return skipped(`account ${account.status}`);
  const employer = await requireEmployer(env.store, account.employerId);
  const rendered = renderInactivityWarningMail({
    ...addressedTo(env, account),
    employerName: employer.name,
    lastActivityAt: data.lastActivityAt,
    deactivationAt: data.deactivationAt,
    signInLink: `${env.publicUrl}/`,
  });
  return mailTo(account, rendered);
}

async function accountDeactivated(env: MailEnvironment, data: Payload<'account.deactivated'>): Promise<Composed> {
  const account = await requireAccount(env.store, data.accountId);
  const employer = await requireEmployer(env.store, account.employerId);
  const rendered = renderAccountDeactivatedMail({
    ...addressedTo(env, account),
    employerName: employer.name,
    lastActivityAt: data.lastActivityAt,
    deactivatedAt: data.deactivatedAt,
  });
  return mailTo(account, rendered);
}

const registrationKind = (outcome: 'closed' | 'demoted-to-user') => (outcome === 'closed' ? 'created' : 'promoted') as 'created' | 'promoted';

async function cancelledHolder(env: MailEnvironment, data: Payload<'account.administrator-registration-cancelled'>): Promise<Composed> {
  const account = await requireAccount(env.store, data.accountId);
  const employer = await requireEmployer(env.store, data.employerId);
  const rendered = renderRegistrationCancelledMail({
    ...addressedTo(env, account),
    employerName: employer.name,
    kind: registrationKind(data.outcome),
    cancelledAt: data.cancelledAt,
    reason: data.reason,
  });
  return mailTo(account, rendered);
}

/** One mail per other administrator of the employer at the time of the cancellation. */
async function cancelledFanOut(env: MailEnvironment, data: Payload<'account.administrator-registration-cancelled'>): Promise<Composed> {
  const employer = await requireEmployer(env.store, data.employerId, new Date(data.cancelledAt));
  const others = Object.keys(employer.administrators).filter((id) => id !== data.accountId).sort();
  return {
    outcome: 'spawn',
    effects: others.map((administratorId) => ({
      kind: 'registration-cancelled-administrator' satisfies MailKind,
      key: administratorId,
      payload: { ...data, administratorId },
    })),
  };
}

async function cancelledAdministrator(
  env: MailEnvironment,
  data: Payload<'account.administrator-registration-cancelled'> & { administratorId: string },
): Promise<Composed> {
  const administrator = await requireAccount(env.store, data.administratorId);
  if (administrator.status === 'closed') return skipped('administrator account closed');
  const holder = await requireAccount(env.store, data.accountId);
  const employer = await requireEmployer(env.store, data.employerId);
  const rendered = renderRegistrationCancelledToAdministratorsMail({
    platformUrl: env.publicUrl,
    recipient: { civility: administrator.civility, lastName: administrator.lastName },
    holder: { civility: holder.civility, firstName: holder.firstName, lastName: holder.lastName, identifier: holder.identifier },
    employerName: employer.name,
    kind: registrationKind(data.outcome),
    cancelledAt: data.cancelledAt,
    reason: data.reason,
  });
  return { outcome: 'mail', to: administrator.email, accountId: administrator.accountId, rendered };
}

async function promoted(env: MailEnvironment, data: Payload<'account.promoted-to-administrator'>): Promise<Composed> {
  const employer = await requireEmployer(env.store, data.employerId);
  const promoter = await actorPerson(env.store, data.promotedBy);
  if (!promoter) throw new PermanentEffectError(`the promoter of account ${data.accountId} has no name on record`);
  const rendered = renderPromotedToAdministratorMail({
    platformUrl: env.publicUrl,
    recipient: { civility: data.holder.civility, lastName: data.holder.lastName },
    identifier: data.identifier,
    employerName: employer.name,
    promoter,
    promotedAt: data.promotedAt,
    legalRepresentativeAddress: letterAddress(employer),
  });
  return { outcome: 'mail', to: data.holder.email, accountId: data.accountId, rendered };
}

/**
 * The address the representative's letter goes to, as printed (without a repeated employer name), when the letter
 * can be printed at all; otherwise none, and the mail does not claim the representative was informed by letter.
 */
function letterAddress(employer: Employer): readonly string[] | undefined {
  const printable = validateRecipientBlock({ legalRepresentative: employer.legalRepresentative, employerName: employer.name, address: employer.address });
  return printable.ok ? addressBelowEmployer(employer.name, employer.address) : undefined;
}

/** Who reset the factor, as the holder should read it: the DRS (for an administrator), or an administrator, named. */
async function resetter(env: MailEnvironment, actor: Actor, employerId: string): Promise<SecondFactorResetter> {
  if (isDrs(actor) && !isAdministratorOf(actor, employerId)) return { role: 'drs' };
  const person = await actorPerson(env.store, actor);
  return person ? { role: 'administrator', person: { civility: person.civility, lastName: person.lastName } } : { role: 'administrator' };
}

async function secondFactorReset(env: MailEnvironment, data: Payload<'account.second-factor-reset'>): Promise<Composed> {
  const account = await requireAccount(env.store, data.accountId);
  if (account.status === 'closed') return skipped('account closed');
  const rendered = renderSecondFactorResetMail({
    ...addressedTo(env, account),
    resetBy: await resetter(env, data.resetBy, account.employerId),
    resetAt: data.resetAt,
  });
  return mailTo(account, rendered);
}

async function newWorkstation(env: MailEnvironment, data: Omit<Payload<'account.workstation-trusted'>, 'tokenDigest'>): Promise<Composed> {
  const account = await requireAccount(env.store, data.accountId);
  if (account.status === 'closed') return skipped('account closed');
  const rendered = renderNewWorkstationMail({
    ...addressedTo(env, account),
    workstationLabel: data.label,
    trustedAt: data.trustedAt,
    expiresAt: data.expiresAt,
  });
  return mailTo(account, rendered);
}

/** What gathers each kind's data and renders it (a kind without one does not compile). */
const COMPOSERS: { [K in MailKind]: (env: MailEnvironment, payload: never, causeEventId: string) => Promise<Composed> } = {
  'password-invitation': passwordInvitation,
  'password-reset': passwordReset,
  'forgotten-identifier': forgottenIdentifier,
  'inactivity-warning': inactivityWarning,
  'account-deactivated': accountDeactivated,
  'registration-cancelled-holder': cancelledHolder,
  'registration-cancelled-administrators': cancelledFanOut,
  'registration-cancelled-administrator': cancelledAdministrator,
  'promoted-to-administrator': promoted,
  'second-factor-reset': secondFactorReset,
  'new-workstation': newWorkstation,
};

/** Gathers what the mail needs and renders it. */
export async function composeMail(env: MailEnvironment, effect: PendingEffect): Promise<Composed> {
  const compose = Object.hasOwn(COMPOSERS, effect.kind) ? COMPOSERS[effect.kind as MailKind] : undefined;
  if (!compose) throw new PermanentEffectError(`Unknown mail kind ${String(effect.kind)}`);
  return compose(env, effect.payload as never, effect.causeEventId);
}
