import { assertNever } from '../shared/assert-never.js';
import type { EmployerEvent } from './employer-events.js';
import type { EmployerState } from './employer-state.js';

export function evolveEmployer(state: EmployerState, event: EmployerEvent): EmployerState {
  if (event.type === 'employer.registered') {
    const { employerId, name, siret, legalRepresentative, address, defaultRights } = event.data;
    return { employerId, name, siret, legalRepresentative, address, defaultRights, administrators: {}, acceptedTermsOfUse: {} };
  }
  // Every other event follows registration; a stream starting otherwise is corrupt.
  if (state === null) throw new Error(`${event.type} before employer.registered`);
  switch (event.type) {
    case 'employer.administrator-added':
      return { ...state, administrators: { ...state.administrators, [event.data.accountId]: { since: event.data.since } } };
    case 'employer.administrator-removed': {
      const { [event.data.accountId]: _removed, ...administrators } = state.administrators;
      return { ...state, administrators };
    }
    case 'employer.legal-representative-corrected':
      return { ...state, legalRepresentative: event.data.legalRepresentative, address: event.data.address };
    case 'employer.terms-of-use-accepted':
      return {
        ...state,
        acceptedTermsOfUse: {
          ...state.acceptedTermsOfUse,
          [event.data.version]: { acceptedBy: event.data.acceptedBy, acceptedAt: event.data.acceptedAt },
        },
      };
    default:
      return assertNever(event, 'employer event');
  }
}
