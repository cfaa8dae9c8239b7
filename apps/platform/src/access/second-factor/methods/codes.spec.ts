import { digestCode, digestRecoveryCode, newRecoveryCodes, newSixDigitCode } from './codes.js';

describe('sign-in codes', () => {
  it('are six digits, leading zeros kept, and vary', () => {
    const codes = Array.from({ length: 200 }, () => newSixDigitCode());
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(190);
  });

  it('are stored as a SHA-256 digest, the same for the same code (spaces around ignored), another for another', () => {
    const digest = digestCode('042917');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digestCode(' 042917 ')).toBe(digest);
    expect(digestCode('042918')).not.toBe(digest);
  });

  it('are digested apart from recovery codes and from a bare SHA-256 (domain separation)', async () => {
    const { createHash } = await import('node:crypto');
    expect(digestCode('042917')).not.toBe(createHash('sha256').update('042917').digest('hex'));
    expect(digestCode('7K4MQ2XH')).not.toBe(digestRecoveryCode('7K4MQ2XH'));
  });
});

describe('recovery codes', () => {
  it('are 10 distinct codes like 7K4M-Q2XH, without look-alike characters, with their digests in the same order', () => {
    const { codes, digests } = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(codes.join('')).not.toMatch(/[01OIL]/);
    expect(digests).toEqual(codes.map(digestRecoveryCode));
    expect(new Set(digests).size).toBe(10);
  });

  it('are new each time', () => {
    expect(newRecoveryCodes().codes).not.toEqual(newRecoveryCodes().codes);
  });

  it('match however they are typed back: case, dashes and spaces do not matter', () => {
    const digest = digestRecoveryCode('7K4M-Q2XH');
    expect(digestRecoveryCode('7k4m-q2xh')).toBe(digest);
    expect(digestRecoveryCode('7K4MQ2XH')).toBe(digest);
    expect(digestRecoveryCode(' 7K4M Q2XH ')).toBe(digest);
    expect(digestRecoveryCode('7K4M-Q2XJ')).not.toBe(digest);
  });
});
