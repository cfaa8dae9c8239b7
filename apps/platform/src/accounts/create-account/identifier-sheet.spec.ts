import { describe, expect, it } from '@jest/globals';
import { identifierSheet } from './identifier-sheet.js';

describe('the printed identifier sheet', () => {
  it('given a creation instant, then it gives the platform address, the employer and the French date in Paris time', () => {
    expect(identifierSheet({ publicUrl: 'https://peps.example.fr/', employerName: 'CHRU DE NANTES', createdAt: '2026-03-31T22:30:00.000Z', now: new Date('2027-01-01T00:00:00Z') })).toEqual({
      platformUrl: 'https://peps.example.fr',
      employerName: 'CHRU DE NANTES',
      createdOn: '1 avril 2026',
    });
  });

  it('given no creation instant and no employer, then it prints today and no employer line', () => {
    expect(identifierSheet({ publicUrl: 'http://localhost:3000', now: new Date('2026-12-02T10:00:00Z') })).toEqual({ platformUrl: 'http://localhost:3000', createdOn: '2 décembre 2026' });
  });
});
