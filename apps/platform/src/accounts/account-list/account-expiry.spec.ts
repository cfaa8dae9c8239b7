import { describe, expect, it } from '@jest/globals';
import { inactivityCutoff } from './account-expiry.js';

describe('« Comptes arrivant à expiration »: the list’s bound is the domain’s expiry notice', () => {
  it('given 2 December 2026 at noon, then accounts last active before 1 July 2025 are listed (warned on 20 November, deactivated in December)', () => {
    expect(inactivityCutoff(new Date('2026-12-02T12:00:00.000Z'))).toBe('2025-07-01T00:00:00.000Z');
  });

  it('given 31 August 2026, past the 20th, then those last active in March 2025 are listed too (deactivated in September)', () => {
    expect(inactivityCutoff(new Date('2026-08-31T08:00:00.000Z'))).toBe('2025-04-01T00:00:00.000Z');
  });
});
