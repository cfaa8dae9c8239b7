import type { DomainEvent } from '../events/domain-event.js';
import type { AddAdministrator, RemoveAdministrator } from './employer-commands.js';

/** What an account event changes in its employer's set of administrators: the employer command to record with it. */
export type AdministratorSetChange = AddAdministrator | RemoveAdministrator;

/**
 * The employer keeps its own set of administrators (for the last-administrator and 8-day rules); it follows from the
 * account events, and only from these four: created as administrator, promoted, an administrator deleted, a
 * registration cancelled (closed or demoted). Anything else, other streams' events included, changes nothing.
 */
export function administratorSetChange(event: DomainEvent): AdministratorSetChange | null {
  switch (event.type) {
    case 'account.created':
      return event.data.profile === 'administrator' ? add(event.data, 'creation') : null;
    case 'account.promoted-to-administrator':
      return add(event.data, 'promotion');
    case 'account.deleted':
      return event.data.profile === 'administrator' ? remove(event.data, 'deletion') : null;
    case 'account.administrator-registration-cancelled':
      return remove(event.data, 'cancellation');
    default:
      return null;
  }
}

interface AccountOfEmployer {
  employerId: string;
  accountId: string;
}

const add = ({ employerId, accountId }: AccountOfEmployer, reason: AddAdministrator['reason']): AddAdministrator => ({ type: 'AddAdministrator', employerId, accountId, reason });

const remove = ({ employerId, accountId }: AccountOfEmployer, reason: RemoveAdministrator['reason']): RemoveAdministrator => ({ type: 'RemoveAdministrator', employerId, accountId, reason });
