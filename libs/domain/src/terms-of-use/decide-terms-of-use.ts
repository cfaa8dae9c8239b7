import { assertNever } from '../shared/assert-never.js';
import { isDrs, isSystem } from '../shared/authorisation.js';
import type { CommandMetadata } from '../shared/command-metadata.js';
import type { Decider } from '../shared/decider.js';
import { DomainError, validationFailed } from '../shared/domain-error.js';
import { FieldErrors } from '../shared/field-error.js';
import type { PublishTermsOfUse, TermsOfUseCommand } from './terms-of-use-commands.js';
import type { TermsOfUseEvent } from './terms-of-use-events.js';
import { evolveTermsOfUse } from './evolve-terms-of-use.js';
import { initialTermsOfUseState, type TermsOfUseState } from './terms-of-use-state.js';

export const TERMS_OF_USE_TEXT_MAX_LENGTH = 200_000;

export function decideTermsOfUse(command: TermsOfUseCommand, state: TermsOfUseState, metadata: CommandMetadata): TermsOfUseEvent[] {
  switch (command.type) {
    case 'PublishTermsOfUse':
      return publish(command, state, metadata);
    default:
      return assertNever(command.type, 'terms-of-use command');
  }
}

function publish(command: PublishTermsOfUse, state: TermsOfUseState, metadata: CommandMetadata): TermsOfUseEvent[] {
  if (!isDrs(metadata.actor) && !isSystem(metadata.actor)) throw new DomainError('authorisation.forbidden');
  const errors = new FieldErrors();
  const version = typeof command.version === 'string' ? command.version.trim() : '';
  // The version appears in URLs (`/api/cgu/versions/:version/acceptance`): keep it URL-safe.
  if (version === '') errors.add('version', 'La version est obligatoire.');
  else if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/.test(version)) {
    errors.add('version', 'La version ne peut contenir que des lettres, des chiffres, des points, des tirets et des soulignés (50 caractères au plus).');
  }
  const text = typeof command.text === 'string' ? command.text.trim() : '';
  if (text === '') errors.add('text', 'Le texte des conditions générales d’utilisation est obligatoire.');
  else if (text.length > TERMS_OF_USE_TEXT_MAX_LENGTH) {
    errors.add('text', `Le texte ne doit pas dépasser ${TERMS_OF_USE_TEXT_MAX_LENGTH} caractères.`);
  }
  if (!errors.isEmpty) throw validationFailed(errors.errors);
  if (state.versions[version]) throw new DomainError('terms-of-use.already-published');
  return [{ type: 'terms-of-use.published', data: { version, text, publishedBy: metadata.actor, publishedAt: metadata.now } }];
}

export const termsOfUseDecider: Decider<TermsOfUseCommand, TermsOfUseEvent, TermsOfUseState> = {
  initialState: initialTermsOfUseState,
  decide: decideTermsOfUse,
  evolve: evolveTermsOfUse,
};
