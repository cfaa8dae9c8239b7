import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMasterKey, MASTER_KEY_FILE, MasterKeyError, parseMasterKey } from './master-key.js';

describe('the master key', () => {
  const hex = 'a'.repeat(64);

  it('given 64 hexadecimal characters or 44 of base64, when parsed, then the same 32 bytes and an id that is not the key', () => {
    const fromHex = parseMasterKey(hex);
    const fromBase64 = parseMasterKey(Buffer.from(hex, 'hex').toString('base64'));
    expect(fromHex.key.equals(fromBase64.key)).toBe(true);
    expect(fromHex.id).toBe(fromBase64.id);
    expect(fromHex.id).toMatch(/^[0-9a-f]{16}$/);
    expect(hex).not.toContain(fromHex.id);
  });

  it('given a short or malformed key, when parsed, then a French error', () => {
    for (const text of ['abc', 'a'.repeat(63), 'z'.repeat(64)]) {
      expect(() => parseMasterKey(text)).toThrow(MasterKeyError);
      expect(() => parseMasterKey(text)).toThrow(/32 octets/);
    }
  });

  it('given no PEPS_MASTER_KEY and a data folder, when loaded twice, then one key file, readable by its owner only, and the same key', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'peps-master-'));
    try {
      const first = loadMasterKey({ dataDir });
      const second = loadMasterKey({ env: '', dataDir });
      expect(second.id).toBe(first.id);
      expect(readFileSync(join(dataDir, MASTER_KEY_FILE), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
      expect(statSync(join(dataDir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('given PEPS_MASTER_KEY, when loaded, then it wins over the key file', () => {
    expect(loadMasterKey({ env: hex, dataDir: '/nonexistent' }).id).toBe(parseMasterKey(hex).id);
  });

  it('given neither, when loaded, then a French error', () => {
    expect(() => loadMasterKey({})).toThrow(/PEPS_MASTER_KEY est obligatoire/);
  });
});
