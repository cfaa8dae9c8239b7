import { assertNever } from '../shared/assert-never.js';
import type { TermsOfUseEvent } from './terms-of-use-events.js';
import type { TermsOfUseState } from './terms-of-use-state.js';

export function evolveTermsOfUse(state: TermsOfUseState, event: TermsOfUseEvent): TermsOfUseState {
  switch (event.type) {
    case 'terms-of-use.published':
      return {
        versions: { ...state.versions, [event.data.version]: { publishedAt: event.data.publishedAt } },
        order: [...state.order, event.data.version],
      };
    default:
      return assertNever(event.type, 'terms-of-use event');
  }
}
