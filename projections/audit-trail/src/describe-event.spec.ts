import { activeJean, adminActor, at } from '@peps/domain/testing';
import { describeEvent } from './describe-event.js';

describe('describeEvent', () => {
  it('says in French what changed, from which value to which', () => {
    expect(describeEvent('account.rights-changed', { changes: [{ service: 'simulation-retraite', from: 'write', to: 'read' }], changedBy: adminActor, changedAt: at(1) })).toEqual({
      summary: 'Droits modifiés',
      changes: [{ field: 'rights.simulation-retraite', label: 'Simulation de retraite', from: 'Modification', to: 'Lecture seule' }],
    });
    expect(describeEvent('account.contact-details-changed', { changes: { civility: { from: 'monsieur', to: 'madame' } } }).changes[0]).toEqual({
      field: 'civility', label: 'Civilité', from: 'Monsieur', to: 'Madame',
    });
    expect(describeEvent('account.created', activeJean[0].data as never).summary).toBe('Compte JLO000439 créé (Utilisateur) pour Monsieur Jean Louty');
  });

  it('never shows a password hash or a token hash', () => {
    for (const event of activeJean) {
      const text = JSON.stringify(describeEvent(event.type, event.data as never));
      expect(text).not.toContain('hash-1');
      expect(text).not.toContain('token-1');
    }
    const reset = JSON.stringify(describeEvent('account.password-reset', { tokenHash: 'tok-secret', passwordHash: '$argon2id$secret', resetAt: at(1) }));
    expect(reset).not.toMatch(/secret/);
  });

  it('writes dates exactly as toLocaleString fr-FR in Paris time did', () => {
    for (const iso of ['2024-03-31T00:59:59.000Z', '2024-03-31T01:00:00.000Z', '2024-10-27T00:30:00.000Z', '2024-10-27T01:30:00.000Z', '1999-12-31T23:59:59.999Z']) {
      expect(describeEvent('account.inactivity-warned', { deactivationAt: iso }).summary).toBe(
        `Avertissement d’inactivité envoyé (désactivation prévue le ${new Date(iso).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })})`,
      );
    }
    expect(describeEvent('account.inactivity-warned', { deactivationAt: 'not a date' }).summary).toContain('Invalid Date');
  });
});
