import { describe, expect, it } from '@jest/globals';
import { secondFactorSignInHint } from './sign-in-hint.js';

const demo = { demo: true, production: false, smtpUrl: undefined, publicUrl: 'http://localhost:3000' } as const;

describe('the demonstration start says how to sign in with the second factor', () => {
  it('given PEPS_SECOND_FACTOR=required and the outbox viewer, then it names the code mail and /dev/courriels', () => {
    const hint = secondFactorSignInHint({ ...demo, secondFactor: 'required' });
    expect(hint).toContain('PEPS_SECOND_FACTOR=required');
    expect(hint).toContain('pour chaque compte');
    expect(hint).toContain('http://localhost:3000/dev/courriels');
    expect(hint).toContain('« Votre code de connexion »');
    expect(hint).toContain('« Faire confiance à ce poste pendant 7 jours »');
  });

  it('given PEPS_SECOND_FACTOR=administrators, then it says who is asked', () => {
    expect(secondFactorSignInHint({ ...demo, secondFactor: 'administrators' })).toContain('pour les administrateurs, la DRS et les auditeurs');
  });

  it('given SMTP_URL, then the code goes by mail and the outbox viewer is not named', () => {
    const hint = secondFactorSignInHint({ ...demo, secondFactor: 'required', smtpUrl: 'smtp://127.0.0.1:2525' });
    expect(hint).toContain('SMTP_URL');
    expect(hint).not.toContain('/dev/courriels');
  });

  it('given PEPS_SECOND_FACTOR=off, then nothing is printed about it', () => {
    expect(secondFactorSignInHint({ ...demo, secondFactor: 'off' })).toBeUndefined();
  });
});
