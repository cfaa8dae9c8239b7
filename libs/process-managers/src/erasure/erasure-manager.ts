import type { AccountEvent } from '@peps/domain';
import type { ProcessManagerDefinition } from '../runtime/process-manager.js';
import { ERASURE_MANAGER, type PersonalDataErasure } from './personal-data-erasure.js';

export const ERASURE_COMPLETED = 'personal-data.erasure-completed';
const ERASURE_EFFECT = 'erase-personal-data';

/** One record stream per erased account: the reactor reads it before running the steps again. */
export const erasureStream = (accountId: string): string => `erasure-${accountId}`;

type Erased = Extract<AccountEvent, { type: 'account.personal-data-erased' }>;

/**
 * For every `account.personal-data-erased`, runs the erasure steps (again) and records
 * `personal-data.erasure-completed`: the request runs them at once, this finishes an erasure a crash cut short.
 * A durable process manager (checkpoint, effect queue with retries, lease `pm:personal-data-erasure`).
 */
export function erasureManager(steps: Pick<PersonalDataErasure, 'run'>, now: () => Date): ProcessManagerDefinition {
  return {
    name: ERASURE_MANAGER,
    eventTypes: ['account.personal-data-erased'],
    plan: (event) => {
      const { accountId, erasedAt } = (event as unknown as Erased).data;
      return [{ kind: ERASURE_EFFECT, payload: { accountId, erasedAt } }];
    },
    recordStream: (effect) => erasureStream(String(effect.payload.accountId)),
    async perform(effect) {
      const accountId = String(effect.payload.accountId);
      const erasedAt = String(effect.payload.erasedAt);
      const outcome = await steps.run(accountId, new Date(erasedAt));
      return {
        outcome: 'done',
        record: {
          stream: erasureStream(accountId),
          type: ERASURE_COMPLETED,
          schemaVersion: 1,
          data: { accountId, erasedAt, completedAt: now().toISOString(), ...outcome },
        },
      };
    },
  };
}
