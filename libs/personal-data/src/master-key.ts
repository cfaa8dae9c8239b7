import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KEY_BYTES } from './aes-gcm.js';

export interface MasterKey {
  /** Names the key without revealing it: recorded beside each wrapped key, so a rotation knows what is left. */
  id: string;
  key: Buffer;
}

export class MasterKeyError extends Error {}

export const MASTER_KEY_FILE = 'master-key';

export function masterKeyOf(key: Buffer): MasterKey {
  if (key.length !== KEY_BYTES) throw new MasterKeyError(`PEPS_MASTER_KEY : la clé maîtresse doit faire ${KEY_BYTES} octets (64 caractères hexadécimaux ou 44 en base64).`);
  return { id: createHash('sha256').update('peps-master-key').update(key).digest('hex').slice(0, 16), key };
}

/** `PEPS_MASTER_KEY` as 64 hexadecimal characters or standard base64 of 32 bytes. */
export function parseMasterKey(text: string): MasterKey {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return masterKeyOf(Buffer.from(trimmed, 'hex'));
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return masterKeyOf(Buffer.from(trimmed, 'base64'));
  throw new MasterKeyError('PEPS_MASTER_KEY : la clé maîtresse doit faire 32 octets, écrits en 64 caractères hexadécimaux ou 44 en base64.');
}

/**
 * The master key: `PEPS_MASTER_KEY` when set; on the embedded default, a key file in the data folder, created with
 * mode 0600 on first start (back it up apart from the database: see docs/operations.md).
 */
export function loadMasterKey(options: { env?: string; dataDir?: string }): MasterKey {
  if (options.env !== undefined && options.env !== '') return parseMasterKey(options.env);
  if (!options.dataDir) throw new MasterKeyError('PEPS_MASTER_KEY est obligatoire hors du dossier de données intégré.');
  const file = join(options.dataDir, MASTER_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    // `wx`: two processes starting together never overwrite each other's key; the loser reads the winner's.
    try {
      writeFileSync(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return parseMasterKey(readFileSync(file, 'utf8'));
}
