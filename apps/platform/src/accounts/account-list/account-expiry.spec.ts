import { describe, expect, it } from '@jest/globals';
import { inactivityCutoff } from './account-expiry.js';

describe('inactivity cutoff (18 months without sign-in)', () => {
  it('given 2 December 2026 at noon, then the cutoff is 2 June 2025 at noon', () => {
    expect(inactivityCutoff(new Date('2026-12-02T12:00:00.000Z'))).toBe('2025-06-02T12:00:00.000Z');
  });

  it('given 31 August 2026, then the cutoff is the last day of February 2025', () => {
    expect(inactivityCutoff(new Date('2026-08-31T08:00:00.000Z'))).toBe('2025-02-28T08:00:00.000Z');
  });
});
