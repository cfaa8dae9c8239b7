import {
  renderAccountDeactivatedMail,
  renderForgottenIdentifierMail,
  renderInactivityWarningMail,
  renderNewInvitationMail,
  renderPasswordCreationMail,
  renderPasswordResetMail,
  renderPromotedToAdministratorMail,
  renderRegistrationCancelledMail,
  renderRegistrationCancelledToAdministratorsMail,
  type PasswordCreationMailData,
} from './mails.js';
import { type RenderedMail } from './engine.js';
import { expectInBoth, expectNotInEither, expectSignatureAndFooter, visibleHtml } from './testing/reading-mails.js';

function expectCommonFrame(mail: RenderedMail): void {
  expectSignatureAndFooter(mail);
  expectInBoth(mail, "Plateforme Employeurs Publics Pep's");
  expect(mail.html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
  expect(mail.html).toContain('<meta charset="utf-8">');
  expect(mail.html).toContain('href="https://peps.example.fr/"');
  expect(mail.html).not.toMatch(/Marianne|République française/i);
  expect(mail.text).not.toMatch(/<\/?(p|a|div|br|strong|ul|li|h1|html)\b/);
}

const links = { platformUrl: 'https://peps.example.fr/' };
/** Jean Louty's account, as the mails about it greet and name him. */
const jeanAccount = { recipient: { civility: 'monsieur' as const, lastName: 'Louty' }, identifier: 'JLO000439' };
const link = 'https://peps.example.fr/mot-de-passe/creation?jeton=Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg&source=courriel';
// 12/03/2020 late evening in Paris is still the 12th there (UTC would say 12 too; 23:30 UTC would be the 13th).
const createdAt = '2020-03-12T09:41:00.000Z';

const guideUser: PasswordCreationMailData = {
  ...links,
  recipient: { civility: 'monsieur', lastName: 'Louty' },
  creator: { civility: 'monsieur', lastName: 'Louty', phone: '0241051938' },
  createdAt,
  profile: 'user',
  employerName: 'CHRU DE NANTES VP201',
  link,
};
const legalAddress = ['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'];
const guideAdministrator: PasswordCreationMailData = {
  ...guideUser,
  profile: 'administrator',
  legalRepresentativeAddress: legalAddress,
};

const legalSentence =
  "Le représentant légal de votre établissement a été informé de cette démarche par courrier à l'adresse 5 ALLEE DE L ILE GLORIETTE, BP 1005, 44035 NANTES CEDEX 1.";

describe('password creation mail (the guide’s mail)', () => {
  it('renders the guide’s example for a user, word for word', () => {
    const mail = renderPasswordCreationMail(guideUser);
    expect(mail.subject).toBe('Vous pouvez créer votre mot de passe');
    expectCommonFrame(mail);
    expectInBoth(mail, 'Vous pouvez créer votre mot de passe');
    expectInBoth(mail, 'Bonjour Monsieur Louty,');
    expectInBoth(
      mail,
      "Le 12/03/2020, Monsieur Louty (joignable au 0241051938), vous a créé un compte en tant qu'utilisateur à la Plateforme Employeurs Publics pour l'établissement CHRU DE NANTES VP201.",
    );
    expectInBoth(mail, 'Pour finaliser la procédure, vous devez créer votre mot de passe.');
    expectInBoth(mail, 'Créer mon mot de passe');
    expectInBoth(
      mail,
      'Attention ! pour des raisons de sécurité, vous avez 15 jours pour le créer. Passé ce délai, Monsieur Louty devra procéder à une nouvelle demande.',
    );
    expectInBoth(
      mail,
      "Vous pourrez accéder ensuite aux services de la Plateforme Employeurs Publics Pep's auxquels vous êtes habilité.",
    );
    expectInBoth(mail, "A bientôt sur la Plateforme Employeurs Publics Pep's.");
    expect(mail.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
    expect(mail.text).toContain(`\n${link}\n`);
    expectNotInEither(mail, 'représentant légal');
    expectNotInEither(mail, 'nouveau lien');
  });

  it('adds the legal-representative sentence for an administrator only', () => {
    const mail = renderPasswordCreationMail(guideAdministrator);
    expectInBoth(mail, "vous a créé un compte en tant qu'administrateur à la Plateforme Employeurs Publics");
    expectInBoth(mail, `Monsieur Louty devra procéder à une nouvelle demande. ${legalSentence}`);
  });

  it('leaves the letter sentence out when no letter could be printed (no address given)', () => {
    for (const legalRepresentativeAddress of [[], undefined]) {
      const mail = renderPasswordCreationMail({ ...guideAdministrator, legalRepresentativeAddress });
      expectInBoth(mail, "vous a créé un compte en tant qu'administrateur");
      expectNotInEither(mail, 'représentant légal');
    }
  });

  it('omits the parenthesis when the creator has no phone', () => {
    const mail = renderPasswordCreationMail({ ...guideUser, creator: { civility: 'madame', lastName: 'Durand' } });
    expectInBoth(mail, 'Le 12/03/2020, Madame Durand vous a créé un compte');
    expectNotInEither(mail, 'joignable');
    expectInBoth(mail, 'Passé ce délai, Madame Durand devra procéder à une nouvelle demande.');
  });

  it('names the DRS when it created the account (an employer\'s first administrator)', () => {
    const mail = renderPasswordCreationMail({
      ...guideUser,
      creator: { organisation: 'la Direction des Retraites et de la Solidarité' },
    });
    expectInBoth(mail, 'Le 12/03/2020, la Direction des Retraites et de la Solidarité vous a créé un compte');
    expectNotInEither(mail, 'Solidarité, vous a créé');
    expectInBoth(mail, 'Passé ce délai, la Direction des Retraites et de la Solidarité devra procéder à une nouvelle demande.');
  });

  it('gives the date of the day in Paris, not in UTC', () => {
    const mail = renderPasswordCreationMail({ ...guideUser, createdAt: '2020-03-12T23:30:00.000Z' });
    expectInBoth(mail, 'Le 13/03/2020,');
    const summer = renderPasswordCreationMail({ ...guideUser, createdAt: new Date('2020-07-01T22:30:00.000Z') });
    expectInBoth(summer, 'Le 02/07/2020,');
  });

  it('agrees "habilitée" for a woman', () => {
    const mail = renderPasswordCreationMail({ ...guideUser, recipient: { civility: 'madame', lastName: 'Morel' } });
    expectInBoth(mail, 'Bonjour Madame Morel,');
    expectInBoth(mail, 'auxquels vous êtes habilitée.');
  });

  it('escapes hostile input in the HTML part and keeps it verbatim in the text part', () => {
    const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const mail = renderPasswordCreationMail({
      ...guideAdministrator,
      employerName: `CHRU D'ANGERS ${hostile}`,
      recipient: { civility: 'madame', lastName: '<b>Gras</b>' },
      creator: { civility: 'monsieur', lastName: 'O"Brien', phone: '<i>06</i>' },
      legalRepresentativeAddress: ['<a href="http://evil">1 RUE</a>', '49000 ANGERS'],
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<b>Gras');
    expect(mail.html).not.toContain('<i>06');
    expect(mail.html).not.toContain('<a href="http://evil"');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(visibleHtml(mail.html)).toContain(`CHRU D'ANGERS ${hostile}`);
    expect(visibleHtml(mail.html)).toContain('Bonjour Madame <b>Gras</b>,');
    expect(mail.text).toContain(`CHRU D'ANGERS ${hostile}`);
  });

  it('refuses a non-http link (no javascript: in a mail)', () => {
    expect(() => renderPasswordCreationMail({ ...guideUser, link: 'javascript:alert(1)' })).toThrow(/http/);
    expect(() => renderPasswordCreationMail({ ...guideUser, link: 'pas une adresse' })).toThrow(/absolute URL/);
  });

  it('collapses line breaks in names (no layout injection)', () => {
    const mail = renderPasswordCreationMail({ ...guideUser, employerName: 'CHRU\r\nDE NANTES' });
    expectInBoth(mail, "pour l'établissement CHRU DE NANTES.");
  });

  it('is deterministic', () => {
    expect(renderPasswordCreationMail(guideAdministrator)).toEqual(renderPasswordCreationMail(guideAdministrator));
  });

  it('ends with the guide’s signature, two lines, the second ending « - Caisse des Dépôts »', () => {
    const mail = renderPasswordCreationMail(guideUser);
    expectInBoth(mail, "A bientôt sur la Plateforme Employeurs Publics Pep's. L'assistance technique de la Plateforme Employeurs Publics Pep's Direction des Retraites et de la Solidarité - Caisse des Dépôts Accéder à la Plateforme Employeurs Publics Pep's");
    expect(mail.text).toContain("L'assistance technique de la Plateforme Employeurs Publics Pep's\nDirection des Retraites et de la Solidarité - Caisse des Dépôts\n");
    expect(mail.html).toContain('L&#x27;assistance technique de la Plateforme Employeurs Publics Pep&#x27;s<br>\nDirection des Retraites et de la Solidarité - Caisse des Dépôts<br>');
  });

  it('ends with the guide’s data-protection paragraph and its link, on the platform’s page by default', () => {
    const mail = renderPasswordCreationMail(guideUser);
    expectInBoth(
      mail,
      '******* IMPORTANT ******* Cet email vous a été envoyé par un automate. Merci de ne pas répondre. Notre politique de protection des données à caractère personnel évolue avec la nouvelle réglementation. Découvrez comment nous traitons vos données',
    );
    expect(mail.html).toContain('<a href="https://peps.example.fr/donnees-personnelles">Découvrez comment nous traitons vos données</a>');
    expect(mail.text).toContain('Découvrez comment nous traitons vos données : https://peps.example.fr/donnees-personnelles\n');
  });

  it('links a configured privacy page instead', () => {
    const mail = renderPasswordCreationMail({ ...guideUser, privacyPolicyUrl: 'https://peps.example.fr/donnees' });
    expect(mail.html).toContain('<a href="https://peps.example.fr/donnees">Découvrez comment nous traitons vos données</a>');
    expect(mail.text).toContain('Découvrez comment nous traitons vos données : https://peps.example.fr/donnees\n');
    expectNotInEither(mail, 'donnees-personnelles');
  });

  it('names the establishment with its code, as registered (« CHRU DE NANTES VP201 »)', () => {
    const mail = renderPasswordCreationMail(guideAdministrator);
    expectInBoth(mail, "à la Plateforme Employeurs Publics pour l'établissement CHRU DE NANTES VP201.");
  });
});

describe('new invitation mail', () => {
  it('is the creation mail, saying the new link replaces the previous one', () => {
    const mail = renderNewInvitationMail({
      ...guideAdministrator,
      link: 'https://peps.example.fr/mot-de-passe/creation?jeton=nouveau',
      reissuedAt: '2020-03-30T08:00:00.000Z',
      issuer: { civility: 'madame', lastName: 'Durand' },
    });
    expect(mail.subject).toBe('Nouveau lien : vous pouvez créer votre mot de passe');
    expectCommonFrame(mail);
    expectInBoth(mail, 'Bonjour Monsieur Louty,');
    expectInBoth(mail, "Le 12/03/2020, Monsieur Louty (joignable au 0241051938), vous a créé un compte en tant qu'administrateur");
    expectInBoth(
      mail,
      'Le 30/03/2020, Madame Durand vous a adressé un nouveau lien de création de mot de passe. Il remplace le lien précédent, qui n\'est plus valable.',
    );
    expectInBoth(mail, 'vous avez 15 jours pour le créer. Passé ce délai, Madame Durand devra procéder à une nouvelle demande.');
    expectInBoth(mail, legalSentence);
    expect(mail.html).toContain('href="https://peps.example.fr/mot-de-passe/creation?jeton=nouveau"');
    expect(mail.text).toContain('https://peps.example.fr/mot-de-passe/creation?jeton=nouveau');
  });

  it('names the creator when no issuer is given, and has no legal sentence for a user', () => {
    const mail = renderNewInvitationMail({ ...guideUser, reissuedAt: '2020-03-30T08:00:00.000Z' });
    expectInBoth(mail, 'Le 30/03/2020, Monsieur Louty vous a adressé un nouveau lien');
    expectNotInEither(mail, 'représentant légal');
  });
});

describe('password reset mail', () => {
  it('gives the link and its one-hour validity in Paris time', () => {
    const mail = renderPasswordResetMail({
      ...links,
      ...jeanAccount,
      requestedAt: '2020-03-12T09:41:00.000Z',
      link: 'https://peps.example.fr/mot-de-passe/reinitialisation?jeton=abc',
    });
    expect(mail.subject).toBe('Réinitialisation de votre mot de passe');
    expectCommonFrame(mail);
    expectInBoth(mail, 'Bonjour Monsieur Louty,');
    expectInBoth(mail, 'Le 12/03/2020 à 10h41, une demande de réinitialisation du mot de passe a été faite pour votre compte JLO000439');
    expectInBoth(mail, "ce lien n'est valable qu'une heure, jusqu'au 12/03/2020 à 11h41");
    expectInBoth(mail, 'Réinitialiser mon mot de passe');
    expect(mail.html).toContain('href="https://peps.example.fr/mot-de-passe/reinitialisation?jeton=abc"');
    expect(mail.text).toContain('https://peps.example.fr/mot-de-passe/reinitialisation?jeton=abc');
  });
});

describe('forgotten identifier mail', () => {
  const accounts = [
    { civility: 'monsieur' as const, firstName: 'Jean', lastName: 'Louty', identifier: 'JLO000439', employerName: 'CHRU DE NANTES VP201' },
    { civility: 'monsieur' as const, firstName: 'Jean', lastName: 'Louty', identifier: 'JLO000512', employerName: "CENTRE HOSPITALIER DE SAINT-NAZAIRE" },
  ];

  it('lists every identifier tied to the address with its employer', () => {
    const mail = renderForgottenIdentifierMail({ ...links, email: 'jean.louty@chu-nantes.fr', requestedAt: createdAt, accounts });
    expect(mail.subject).toBe('Rappel de vos identifiants');
    expectCommonFrame(mail);
    expectInBoth(mail, "Le 12/03/2020, une demande de rappel d'identifiant a été faite pour l'adresse jean.louty@chu-nantes.fr.");
    expectInBoth(mail, 'Identifiant JLO000439 : Monsieur Jean Louty, établissement CHRU DE NANTES VP201');
    expectInBoth(mail, 'Identifiant JLO000512 : Monsieur Jean Louty, établissement CENTRE HOSPITALIER DE SAINT-NAZAIRE');
    expect(mail.html).toContain('<ul>');
  });

  it('speaks in the singular for one account and refuses none', () => {
    const mail = renderForgottenIdentifierMail({ ...links, email: 'a@b.fr', requestedAt: createdAt, accounts: accounts.slice(0, 1) });
    expect(mail.subject).toBe('Rappel de votre identifiant');
    expectInBoth(mail, 'Le compte suivant de la Plateforme Employeurs Publics est associé à cette adresse');
    expect(() => renderForgottenIdentifierMail({ ...links, email: 'a@b.fr', requestedAt: createdAt, accounts: [] })).toThrow();
  });
});

describe('inactivity warning and deactivation mails', () => {
  const base = {
    ...links,
    recipient: { civility: 'madame' as const, lastName: 'Morel' },
    identifier: 'CMO000102',
    employerName: 'MAIRIE DE BORDEAUX',
    lastActivityAt: '2019-09-01T08:00:00.000Z',
  };

  it('warns with the deactivation date and how to keep the account', () => {
    const mail = renderInactivityWarningMail({
      ...base,
      deactivationAt: '2021-03-01T00:00:00.000Z',
      signInLink: 'https://peps.example.fr/connexion',
    });
    expect(mail.subject).toBe('Votre compte sera désactivé le 01/03/2021');
    expectCommonFrame(mail);
    expectInBoth(mail, 'Bonjour Madame Morel,');
    expectInBoth(mail, "Votre compte CMO000102 de la Plateforme Employeurs Publics pour l'établissement MAIRIE DE BORDEAUX n'a pas été utilisé depuis le 01/09/2019.");
    expectInBoth(mail, 'votre compte sera désactivé le 01/03/2021. Pour le conserver, il vous suffit de vous connecter avant cette date.');
    expect(mail.html).toContain('href="https://peps.example.fr/connexion"');
  });

  it('tells the account was deactivated', () => {
    const mail = renderAccountDeactivatedMail({ ...base, deactivatedAt: '2021-03-01T00:00:00.000Z' });
    expect(mail.subject).toBe('Votre compte a été désactivé');
    expectCommonFrame(mail);
    expectInBoth(mail, 'a été désactivé le 01/03/2021 : il n\'avait pas été utilisé depuis le 01/09/2019.');
    expectInBoth(mail, 'adressez-vous à un administrateur de votre établissement');
  });
});

describe('administrator registration cancelled mails', () => {
  const common = { ...links, employerName: 'CHRU DE NANTES VP201', cancelledAt: '2020-03-20T10:00:00.000Z', reason: 'Opposition du représentant légal <signée>' };

  it('tells a created administrator that the account is closed, with the reason', () => {
    const mail = renderRegistrationCancelledMail({
      ...common,
      ...jeanAccount,
      kind: 'created',
    });
    expect(mail.subject).toBe("Annulation de votre inscription en tant qu'administrateur");
    expectCommonFrame(mail);
    expectInBoth(mail, "Le 20/03/2020, la Direction des Retraites et de la Solidarité a annulé votre inscription en tant qu'administrateur");
    expectInBoth(mail, 'Votre compte JLO000439 est fermé, avec effet immédiat.');
    expectInBoth(mail, "Motif de l'annulation : Opposition du représentant légal <signée>");
    expect(mail.html).toContain('&lt;signée&gt;');
  });

  it('tells a promoted administrator that the account is back to user', () => {
    const mail = renderRegistrationCancelledMail({
      ...common,
      ...jeanAccount,
      kind: 'promoted',
    });
    expectInBoth(mail, 'Votre compte JLO000439 redevient un compte utilisateur, avec effet immédiat.');
    expectNotInEither(mail, 'est fermé');
  });

  it('tells the other administrators', () => {
    const mail = renderRegistrationCancelledToAdministratorsMail({
      ...common,
      recipient: { civility: 'madame', lastName: 'Durand' },
      holder: { civility: 'monsieur', firstName: 'Jean', lastName: 'Louty', identifier: 'JLO000439' },
      kind: 'created',
    });
    expect(mail.subject).toBe("Annulation de l'inscription d'un administrateur de votre établissement");
    expectCommonFrame(mail);
    expectInBoth(mail, 'Bonjour Madame Durand,');
    expectInBoth(mail, "a annulé l'inscription de Monsieur Jean Louty (identifiant JLO000439) en tant qu'administrateur");
    expectInBoth(mail, 'Ce compte est fermé, avec effet immédiat.');
    expectInBoth(mail, "Motif de l'annulation : Opposition du représentant légal <signée>");
  });
});

describe('promoted to administrator mail', () => {
  it('says it takes effect at the next sign-in and that the legal representative was told', () => {
    const mail = renderPromotedToAdministratorMail({
      ...links,
      ...jeanAccount,
      employerName: 'CHRU DE NANTES VP201',
      promoter: { civility: 'madame', lastName: 'Durand' },
      promotedAt: '2020-04-02T12:00:00.000Z',
      legalRepresentativeAddress: legalAddress,
    });
    expect(mail.subject).toBe('Vous êtes désormais administrateur');
    expectCommonFrame(mail);
    expectInBoth(mail, 'Le 02/04/2020, Madame Durand a modifié le profil de votre compte JLO000439 : vous êtes désormais administrateur de la Plateforme Employeurs Publics pour l\'établissement CHRU DE NANTES VP201.');
    expectInBoth(mail, 'Cette modification sera prise en compte à votre prochaine connexion.');
    expectInBoth(mail, legalSentence);
  });
});
