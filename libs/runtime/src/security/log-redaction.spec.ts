import { describe, expect, it } from '@jest/globals';
import { maskEmail, redactForLog } from './log-redaction.js';

describe('log redaction (no full e-mail, no token in logs)', () => {
  it('masks an e-mail address as j***@example.fr', () => {
    expect(maskEmail('jean.louty@example.fr')).toBe('j***@example.fr');
    expect(maskEmail('pas-un-courriel')).toBe('***');
  });

  it('masks e-mails and token-like runs inside a message', () => {
    const token = 'Zx9_kP-3qLmN8vB2cD4eF6gH8iJ0kL2mN4oP6qR8sT0';
    const line = redactForLog(`échec d’envoi à jean.louty@chu-nantes.fr avec le jeton ${token}`);
    expect(line).toBe('échec d’envoi à j***@chu-nantes.fr avec le jeton Zx9_…[masqué]');
    expect(line).not.toContain(token);
  });
});
