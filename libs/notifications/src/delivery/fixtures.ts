import { renderPasswordCreationMail } from '../mail/mails.js';
import { stableMessageId, type OutgoingMail } from './mail-transport.js';

/** A long link with characters quoted-printable must escape (`=`) and more than 76 columns. */
export const GUIDE_LINK =
  'https://peps.example.fr/mot-de-passe/creation?jeton=Q2VjaSBlc3QgdW4gamV0b24gZGUgdGVzdCBkZSAyNTYgYml0cyBwb3VyIFBFUHM&origine=courriel&x=%C3%A9';

/** The guide's mail for Jean Louty (administrator variant). */
export function guideMail(causeKey = 'account.created:0f6a1c1e-guide:password-creation'): OutgoingMail {
  const rendered = renderPasswordCreationMail({
    platformUrl: 'https://peps.example.fr/',
    recipient: { civility: 'monsieur', lastName: 'Louty' },
    creator: { civility: 'monsieur', lastName: 'Louty', phone: '0241051938' },
    createdAt: '2020-03-12T09:41:00.000Z',
    profile: 'administrator',
    employerName: 'CHRU DE NANTES VP201',
    link: GUIDE_LINK,
    legalRepresentativeAddress: ['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'],
  });
  return {
    to: 'jean.louty@chu-nantes.fr',
    ...rendered,
    messageId: stableMessageId(causeKey, 'peps.localhost'),
    headers: { 'X-Peps-Cause': causeKey },
  };
}
