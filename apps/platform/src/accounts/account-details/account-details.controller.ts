import { Get, Param } from '@nestjs/common';
import { listedStatusLabels } from '@peps/account-list';
import {
  accountStatusLabels,
  DomainError,
  effectiveRights,
  type Account,
} from '@peps/domain';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requireAccountId, WriteSide } from '../../shell/command-side/write-side.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

/**
 * The list's rule, so the account page and the list say the same: an invited account whose latest link expired
 * (`account.invitation-expired`) reads « … (lien expiré) » until a new link is sent.
 */
function invitationExpired(account: Account): boolean {
  if (account.status !== 'invited') return false;
  const latest = Object.values(account.invitations).sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))[0];
  return latest?.status === 'expired';
}

/** One account read straight from its stream: always current, and carrying the `version` a PATCH must quote. */
export function accountDetails(account: Account, version: number) {
  return {
    id: account.accountId,
    identifier: account.identifier,
    employerId: account.employerId,
    profile: account.profile,
    civility: account.civility,
    lastName: account.lastName,
    firstName: account.firstName,
    email: account.email,
    phone: account.phone,
    professionalAddress: account.professionalAddress,
    rights: effectiveRights(account.rights),
    status: account.status,
    statusLabel: invitationExpired(account) ? listedStatusLabels['invitation-expired'] : accountStatusLabels[account.status],
    createdAt: account.createdAt,
    administratorSince: account.administratorSince,
    promotionPending: account.promotionPending,
    lastSignInAt: account.lastSignInAt,
    version,
  };
}

@ApiController('comptes', 'api/accounts')
export class AccountDetailsController {
  constructor(private readonly writeSide: WriteSide) {}

  @Get(':id')
  @Endpoint(['administrator', 'drs', 'auditor'], "Détail d'un compte : coordonnées, statut, droits et version", { status: 200, description: 'Le compte ; 404 pour un compte inconnu ou d’un autre établissement' })
  async details(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor) {
    const { state, version } = await this.writeSide.loadAccount(requireAccountId(id));
    if (!state) throw new DomainError('account.not-found');
    const platformWide = actor.roles.includes('drs') || actor.roles.includes('auditor');
    if (!platformWide && state.employerId !== actor.employerId) throw new DomainError('account.not-found');
    return accountDetails(state, version);
  }
}
