import type { Actor, Civility } from '@peps/domain';
import type { EventStore } from '@peps/event-store';
import { renderLegalRepresentativeLetter, PostalAddressError } from '@peps/notifications';
import type { SqlExecutor } from '@peps/sql';
import { actorPerson, requireEmployer } from '../aggregates.js';
import { PermanentEffectError, type ProcessManagerDefinition } from '../runtime/process-manager.js';
import { letterStream } from '@peps/domain';
import { LETTER_MANAGER, letterEventTypes, planLetters } from './letter-decisions.js';
import { storeLetter } from './letter-storage.js';
import { letterReferences } from './letter-reference.js';

export const LETTER_GENERATED = 'letter.generated';
export const LETTER_FAILED = 'letter.failed';

export interface LetterManagerDependencies {
  store: EventStore;
  db: SqlExecutor;
  dataDir: string;
  /** Extra ways to reach the DRS printed in the letter. */
  drsContact?: { email?: string; phone?: string };
}

interface LetterPayload {
  registration: 'created' | 'promoted';
  accountId: string;
  employerId: string;
  identifier: string;
  holder: { civility: Civility; firstName: string; lastName: string; email: string; phone: string | null; professionalAddress: string[] };
  actor: Actor;
  effectiveAt: string;
}

/**
 * Writes the letter to the legal representative. The letter id is the effect id, so a retried letter is the same
 * letter; the PDF is dated from its cause, so it is the same bytes too unless the DRS corrected the recipient in
 * between (`employer.legal-representative-corrected`). Recorded as `letter.generated`.
 */
export function letterManager(deps: LetterManagerDependencies): ProcessManagerDefinition {
  return {
    name: LETTER_MANAGER,
    eventTypes: letterEventTypes,
    plan: planLetters,
    recordStream: (effect) => letterStream(effect.effectId),
    async perform(effect) {
      const p = effect.payload as unknown as LetterPayload;
      const letterId = effect.effectId;
      // The recipient as it stands now: a letter retried after the DRS corrected the address goes to the new one.
      const employer = await requireEmployer(deps.store, p.employerId);
      const actor = await actorPerson(deps.store, p.actor);
      const reference = (await letterReferences(deps.db, [letterId])).get(letterId) ?? letterId;
      let pdf: Buffer;
      try {
        pdf = await renderLegalRepresentativeLetter({
          reference,
          kind: p.registration,
          date: p.effectiveAt,
          legalRepresentative: employer.legalRepresentative,
          // The recipient block drops a first address line repeating the employer's name (one rule, in the domain).
          employer: { name: employer.name, address: employer.address },
          administrator: {
            civility: p.holder.civility,
            firstName: p.holder.firstName,
            lastName: p.holder.lastName,
            identifier: p.identifier,
            email: p.holder.email,
            ...(p.holder.phone ? { phone: p.holder.phone } : {}),
            professionalAddress: p.holder.professionalAddress,
          },
          effectiveAt: p.effectiveAt,
          ...(actor ? { actor: { civility: actor.civility, firstName: actor.firstName, lastName: actor.lastName } } : {}),
          ...(deps.drsContact ? { drsContact: deps.drsContact } : {}),
        });
      } catch (error) {
        // An address outside the postal norm will not fix itself by retrying: the DRS must see it now.
        if (error instanceof PostalAddressError || error instanceof TypeError) throw new PermanentEffectError(error.message);
        throw error;
      }
      const stored = await storeLetter(deps.db, deps.dataDir, letterId, pdf);
      return {
        outcome: 'done',
        record: {
          stream: letterStream(letterId),
          type: LETTER_GENERATED,
          schemaVersion: 1,
          data: {
            letterId,
            reference,
            kind: p.registration,
            employerId: p.employerId,
            accountId: p.accountId,
            identifier: p.identifier,
            legalRepresentative: { ...employer.legalRepresentative },
            address: [...employer.address],
            effectiveAt: p.effectiveAt,
            generatedAt: effect.causeOccurredAt,
            path: stored.path,
            size: stored.size,
            sha256: stored.sha256,
          },
        },
      };
    },
    failureRecord: (effect, failure) =>
      // Only a letter given up gets an event: the DRS's list shows it "En échec"; retries stay in pm.effects.
      failure.nextAttemptAt === null
        ? {
            stream: letterStream(effect.effectId),
            type: LETTER_FAILED,
            schemaVersion: 1,
            data: {
              letterId: effect.effectId,
              kind: (effect.payload as { registration?: string }).registration ?? null,
              employerId: (effect.payload as { employerId?: string }).employerId ?? null,
              accountId: (effect.payload as { accountId?: string }).accountId ?? null,
              attempt: failure.attempt,
              error: failure.error,
            },
          }
        : null,
  };
}
