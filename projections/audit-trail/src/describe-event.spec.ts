import { activeJean, adminActor, at } from '@peps/domain/testing';
import { addMs, DAY_MS, ERASED_VALUE } from '@peps/domain';
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

  it('given a DRS correction of the legal representative, then the audit says who the letters go to now and before, only what changed', () => {
    const previous = { legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe' }, address: ['5 ALLEE DE L ILE GLORIETTE', '44035 NANTES CEDEX 1'] };
    expect(
      describeEvent('employer.legal-representative-corrected', {
        employerId: 'e',
        legalRepresentative: { civility: 'madame', lastName: 'Durand', firstName: 'Claire', function: 'Maire' },
        address: previous.address,
        previous,
        correctedAt: at(1),
      }),
    ).toEqual({
      summary: 'Représentant légal ou adresse des courriers corrigé par la DRS',
      changes: [{ field: 'legalRepresentative', label: 'Représentant légal', from: 'Monsieur Philippe Dupont', to: 'Madame Claire Durand, Maire' }],
    });
  });

  it('given a renewal, then the history says the account was renewed for 18 months', () => {
    expect(describeEvent('account.renewed', { accountId: 'a', renewedBy: adminActor, renewedAt: at(1) })).toEqual({ summary: 'Compte renouvelé pour 18 mois', changes: [] });
  });

  it('given an erasure of personal data, then the history says so with its reason', () => {
    const erased = { accountId: 'a', employerId: 'e', reason: 'Durée de conservation échue', erasedBy: adminActor, erasedAt: at(1) };
    expect(describeEvent('account.personal-data-erased', erased)).toEqual({ summary: 'Données personnelles effacées (motif : Durée de conservation échue)', changes: [] });
  });

  it('given events read after an erasure, then « donnée effacée » shows wherever a value was', () => {
    const created = describeEvent('account.created', { ...activeJean[0].data, civility: ERASED_VALUE, lastName: ERASED_VALUE, firstName: ERASED_VALUE, email: ERASED_VALUE, phone: ERASED_VALUE, professionalAddress: [ERASED_VALUE] } as never);
    expect(created.summary).toBe(`Compte JLO000439 créé (Utilisateur) pour ${ERASED_VALUE} ${ERASED_VALUE}`);
    expect(created.changes.filter((c) => c.field !== 'profile').map((c) => c.to)).toEqual(Array(6).fill(ERASED_VALUE));
    const changed = describeEvent('account.contact-details-changed', { changes: { civility: { from: ERASED_VALUE, to: ERASED_VALUE }, phone: { from: ERASED_VALUE, to: null } } });
    expect(changed.changes).toEqual([
      { field: 'civility', label: 'Civilité', from: ERASED_VALUE, to: ERASED_VALUE },
      { field: 'phone', label: 'Téléphone', from: ERASED_VALUE, to: null },
    ]);
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

  describe('the second factor', () => {
    const secret = { codeDigest: 'SECRET-code', tokenDigest: 'SECRET-token', secret: 'SECRET-totp', publicKey: 'SECRET-key' };
    const lines: [string, Record<string, unknown>, string][] = [
      ['account.second-factor-code-issued', { method: 'email', challengeId: 'c-1', ...secret, issuedAt: at(1), expiresAt: at(1) }, 'Code de connexion envoyé par courriel'],
      ['account.second-factor-code-issued', { method: 'sms', ...secret }, 'Code de connexion envoyé par SMS'],
      ['account.second-factor-verified', { method: 'totp', purpose: 'sign-in', totpStep: 1, verifiedAt: at(1) }, 'Double authentification vérifiée (application d’authentification)'],
      [
        'account.second-factor-verified',
        { method: 'recovery', purpose: 'step-up', recoveryCodeDigest: 'SECRET-recovery', verifiedAt: at(1) },
        'Double authentification vérifiée avant une modification sensible (code de secours)',
      ],
      ['account.second-factor-verified', { method: 'passkey', purpose: 'sign-in', passkeyId: 'p-1', passkeyCounter: 3 }, 'Double authentification vérifiée (clé d’accès)'],
      ['account.second-factor-failed', { method: 'email', consecutiveFailures: 2, failedAt: at(1) }, 'Échec de la double authentification (courriel, 2 consécutifs)'],
      ['account.locked', { reason: 'too-many-failed-second-factors', lockedAt: at(1) }, 'Compte bloqué après des échecs répétés de double authentification'],
      ['account.totp-enrolment-started', { ...secret, startedAt: at(1) }, 'Enregistrement d’une application d’authentification commencé'],
      [
        'account.totp-enrolled',
        { step: 1, recoveryCodeDigests: Array.from({ length: 10 }, (_, i) => `SECRET-recovery-${i}`) },
        'Application d’authentification enregistrée (10 codes de secours remis)',
      ],
      ['account.totp-removed', { removedBy: adminActor, removedAt: at(1) }, 'Application d’authentification retirée (codes de secours annulés)'],
      ['account.passkey-registered', { passkeyId: 'p-1', credentialId: 'cred', ...secret, counter: 0, transports: ['usb'], name: 'Clé USB bleue' }, 'Clé d’accès « Clé USB bleue » enregistrée'],
      ['account.passkey-removed', { passkeyId: 'p-1', removedBy: adminActor }, 'Clé d’accès retirée'],
      [
        'account.workstation-trusted',
        { workstationId: 'w-1', ...secret, label: 'Firefox sur Windows', trustedAt: at(1), expiresAt: addMs(at(1), 7 * DAY_MS) },
        'Poste de travail reconnu pour 7 jours (Firefox sur Windows)',
      ],
      ['account.workstation-revoked', { workstationId: 'w-1', revokedBy: adminActor }, 'Poste de travail retiré des postes reconnus'],
      ['account.second-factor-reset', { resetBy: adminActor, resetAt: at(1) }, 'Double authentification réinitialisée'],
    ];

    it.each(lines)('describes %s in French', (type, data, summary) => {
      expect(describeEvent(type, { accountId: 'account-jlo', ...data }).summary).toBe(summary);
    });

    it('never shows a code, token or recovery code digest, a TOTP secret or a public key', () => {
      for (const [type, data] of lines) expect(JSON.stringify(describeEvent(type, data))).not.toMatch(/SECRET/);
    });

    it('still describes the password lock as before', () => {
      expect(describeEvent('account.locked', { reason: 'too-many-failed-sign-ins' }).summary).toBe('Compte bloqué après des échecs de connexion répétés');
    });
  });

  describe('bulk imports of accounts', () => {
    const digest = 'a3f1c09be27d4455aa00ffee11223344';
    it.each([
      ['import.checked', { total: 1000, valid: 998, digest }, 'Import de comptes vérifié : 1000 ligne(s), 998 valide(s) (fichier SHA-256 a3f1c09be27d…)'],
      ['personal-data.log-sealed', { eventsChanged: 40, streamsChanged: 8, completed: true }, 'Journal scellé : 40 événement(s) chiffré(s) dans 8 flux'],
      ['personal-data.log-sealed', { eventsChanged: 3, streamsChanged: 1, completed: false }, 'Journal scellé : 3 événement(s) chiffré(s) dans 1 flux (interrompu)'],
      ['import.lines-checked', { valid: 998, errors: [{ line: 3 }, { line: 9 }], rows: [] }, 'Import de comptes vérifié, suite : 998 ligne(s) valide(s), 2 refusée(s)'],
      ['import.application-started', { lines: 998, digest }, 'Import de comptes lancé : 998 compte(s) à créer'],
      ['import.lines-applied', { created: [{ line: 2 }, { line: 3 }], errors: [{ line: 4 }] }, 'Import de comptes : 2 compte(s) créé(s), 1 ligne(s) refusée(s)'],
      ['import.completed', { created: 997, total: 1000, refused: 3 }, 'Import de comptes terminé : 997 compte(s) créé(s) sur 1000 ligne(s)'],
    ])('describes %s in French, never the lines’ personal data', (type, data, summary) => {
      const described = describeEvent(type, { ...data, rows: [{ line: 2, input: { lastName: 'LOUTY', email: 'jean.louty@exemple.fr' } }] });
      expect(described.summary).toBe(summary);
      expect(JSON.stringify(described)).not.toMatch(/LOUTY|jean\.louty/);
    });
  });
});
