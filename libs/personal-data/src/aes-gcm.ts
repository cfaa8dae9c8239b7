import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM with a 96-bit random IV and a 128-bit tag: `iv || ciphertext || tag`. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

// Random IVs drawn 4,096 at a time: one call to the random source instead of one per sealed value (the same bytes,
// never reused: each IV is sliced off once).
const IV_POOL = IV_BYTES * 4096;
let pool = Buffer.alloc(0);
let offset = 0;
function nextIv(): Buffer {
  if (offset + IV_BYTES > pool.length) {
    pool = randomBytes(IV_POOL);
    offset = 0;
  }
  const iv = pool.subarray(offset, offset + IV_BYTES);
  offset += IV_BYTES;
  return iv;
}

/** `plaintext` as a string is its UTF-8 bytes. */
export function seal(key: Buffer, plaintext: Buffer | string, associatedData: Buffer): Buffer {
  if (key.length !== KEY_BYTES) throw new Error('AES-256-GCM needs a 32-byte key');
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData);
  // GCM's final() adds no bytes: the box is the IV, the update's output and the tag.
  const body = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
  cipher.final();
  return Buffer.concat([iv, body, cipher.getAuthTag()], IV_BYTES + body.length + TAG_BYTES);
}

/** Throws when the key is wrong or a byte of the box or of the associated data changed. */
export function open(key: Buffer, box: Buffer, associatedData: Buffer): Buffer {
  if (key.length !== KEY_BYTES) throw new Error('AES-256-GCM needs a 32-byte key');
  if (box.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, IV_BYTES));
  decipher.setAAD(associatedData);
  decipher.setAuthTag(box.subarray(box.length - TAG_BYTES));
  return Buffer.concat([decipher.update(box.subarray(IV_BYTES, box.length - TAG_BYTES)), decipher.final()]);
}
