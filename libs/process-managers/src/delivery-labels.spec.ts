import { deliveryKindLabel, deliveryReason } from './delivery-labels.js';

describe('failed deliveries as the DRS reads them', () => {
  it('given a letter whose block has 8 lines, when the reason is asked, then it says so in French and what to do', () => {
    expect(deliveryReason('Recipient address: 8 lines (name, employer and 6 address lines); the postal norm allows at most 6')).toBe(
      "L'adresse du représentant légal ne tient pas dans les 6 lignes du courrier (8 lignes avec le nom et l'établissement) : corrigez l'adresse de l'établissement, puis relancez.",
    );
  });
  it('given an unreachable SMTP server, when the reason is asked, then it names the mail server', () => {
    expect(deliveryReason('connect ECONNREFUSED 127.0.0.1:2525')).toBe('Le serveur de messagerie est injoignable : relancez quand il sera rétabli.');
  });
  it('given an unknown error, when the reason is asked, then a French generic reason is given, never the raw text', () => {
    const reason = deliveryReason('TypeError: x is undefined');
    expect(reason).toMatch(/^L'envoi a échoué/);
    expect(reason).not.toContain('TypeError');
  });
  it('given no error, then there is no reason', () => {
    expect(deliveryReason(null)).toBeNull();
  });
  it('given a letter or a mail kind, when labelled, then it is French', () => {
    expect(deliveryKindLabel('legal-representative-letter')).toBe('Courrier au représentant légal');
    expect(deliveryKindLabel('password-invitation')).toBe('Courriel de création du mot de passe');
    expect(deliveryKindLabel('something-new')).toBe('Courriel');
  });
});
