import type { RegisterPasskey, RemovePasskey } from '../../account/account-commands.js';
import type { AccountEvent } from '../../account/account-events.js';
import type { Account } from '../../account/account-state.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError, validationFailed } from '../../shared/domain-error.js';
import { invalid, valid, type Validated } from '../../shared/field-error.js';
import { MAX_PASSKEYS, PASSKEY_NAME_MAX_LENGTH } from '../second-factor-policy.js';
import { has, requireHolder } from './holder.js';

/** The name the holder gives a passkey so as to tell them apart (« Clé USB bleue », « Téléphone »). */
export function validatePasskeyName(raw: unknown, field = 'name'): Validated<string> {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name === '') return invalid(field, 'Le nom de la clé d’accès est obligatoire.');
  if (name.length > PASSKEY_NAME_MAX_LENGTH) {
    return invalid(field, `Le nom de la clé d’accès ne doit pas dépasser ${PASSKEY_NAME_MAX_LENGTH} caractères.`);
  }
  return valid(name);
}

/** After the platform verified the WebAuthn registration ceremony. */
export function registerPasskey(command: RegisterPasskey, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireHolder(metadata.actor, account);
  const name = validatePasskeyName(command.name);
  if (!name.ok) throw validationFailed(name.errors);
  const { passkeys } = account.secondFactor;
  if (!command.passkeyId || !command.credentialId || !command.publicKey || !Number.isSafeInteger(command.counter) || command.counter < 0) {
    throw validationFailed([{ field: 'credential', message: 'La clé d’accès présentée est incomplète.' }]);
  }
  const known = has(passkeys, command.passkeyId) || Object.values(passkeys).some((p) => p.credentialId === command.credentialId);
  if (known) throw new DomainError('second-factor.passkey-already-registered');
  if (Object.keys(passkeys).length >= MAX_PASSKEYS) throw new DomainError('second-factor.too-many-passkeys');
  return [
    {
      type: 'account.passkey-registered',
      data: {
        accountId: account.accountId,
        passkeyId: command.passkeyId,
        credentialId: command.credentialId,
        publicKey: command.publicKey,
        counter: command.counter,
        transports: Array.isArray(command.transports) ? command.transports.filter((t) => typeof t === 'string') : [],
        name: name.value,
        registeredAt: metadata.now,
      },
    },
  ];
}

export function removePasskey(command: RemovePasskey, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireHolder(metadata.actor, account);
  if (!has(account.secondFactor.passkeys, command.passkeyId)) throw new DomainError('second-factor.passkey-unknown');
  return [
    {
      type: 'account.passkey-removed',
      data: { accountId: account.accountId, passkeyId: command.passkeyId, removedAt: metadata.now, removedBy: metadata.actor },
    },
  ];
}
