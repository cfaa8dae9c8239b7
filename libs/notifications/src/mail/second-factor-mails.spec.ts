import { simpleParser, type ParsedMail } from 'mailparser';
import { composeRawMail } from '../delivery/compose.js';
import { DEFAULT_MAIL_FROM, stableMessageId } from '../delivery/mail-transport.js';
import { type RenderedMail } from './engine.js';
import { expectInBoth, expectSignatureAndFooter } from './testing/reading-mails.js';
import { renderNewWorkstationMail, renderSecondFactorCodeMail, renderSecondFactorResetMail } from './second-factor-mails.js';

const links = { platformUrl: 'https://peps.example.fr/' };
const jean = { civility: 'monsieur' as const, lastName: 'Louty' };

/** The mail as it leaves (RFC 822, quoted-printable parts) and as a mail client reads it back. */
async function delivered(rendered: RenderedMail): Promise<ParsedMail> {
  const raw = await composeRawMail(
    { to: 'jean.louty@chu-nantes.fr', ...rendered, messageId: stableMessageId(`spec:${rendered.subject}`, 'peps.localhost') },
    DEFAULT_MAIL_FROM,
    new Date('2020-03-12T09:41:00.000Z'),
  );
  return simpleParser(raw);
}

function expectFrame(mail: ParsedMail): void {
  expectSignatureAndFooter(mail);
  expect(mail.html).toContain('<html lang="fr">');
}

describe('« Votre code de connexion »', () => {
  const data = { ...links, recipient: jean, identifier: 'JLO000439', code: '042917', issuedAt: '2020-03-12T09:41:00.000Z' };

  it('gives the code in the body only, with its 5-minute validity in Paris time', async () => {
    const mail = await delivered(renderSecondFactorCodeMail(data));
    expect(mail.subject).toBe('Votre code de connexion');
    expectFrame(mail);
    expectInBoth(mail, 'Bonjour Monsieur Louty,');
    expectInBoth(mail, 'Voici le code à saisir sur la Plateforme Employeurs Publics pour vous connecter avec votre compte JLO000439 : 042917');
    expectInBoth(mail, "ce code n'est valable que 5 minutes, jusqu'au 12/03/2020 à 10h46, et ne peut servir qu'une fois. Ne le communiquez à personne");
    expectInBoth(mail, "Si vous n'êtes pas à l'origine de cette demande, changez votre mot de passe");
    expect(mail.text).toContain('\n042917\n');
  });

  it('never puts the code in the subject, the title or any header', async () => {
    const mail = await delivered(renderSecondFactorCodeMail(data));
    expect(mail.subject).not.toMatch(/\d/);
    expect(String(mail.html).match(/<title>([\s\S]*?)<\/title>/)?.[1]).toBe('Votre code de connexion');
    expect(String(mail.html).match(/<h1>([\s\S]*?)<\/h1>/)?.[1]).toBe('Votre code de connexion');
    for (const [, value] of mail.headers) expect(JSON.stringify(value)).not.toContain('042917');
  });

  it('refuses anything but a 6-digit code, and a bad issue instant', () => {
    expect(() => renderSecondFactorCodeMail({ ...data, code: '12345' })).toThrow(/6 digits/);
    expect(() => renderSecondFactorCodeMail({ ...data, code: '<b>12</b>' })).toThrow(/6 digits/);
    expect(() => renderSecondFactorCodeMail({ ...data, issuedAt: 'hier' })).toThrow(/issuedAt/);
  });
});

describe('« Votre double authentification a été réinitialisée »', () => {
  const base = { ...links, recipient: jean, identifier: 'JLO000439', resetAt: '2020-03-12T13:05:00.000Z' };

  it('names the administrator who reset it, and when', async () => {
    const mail = await delivered(renderSecondFactorResetMail({ ...base, resetBy: { role: 'administrator', person: { civility: 'madame', lastName: 'Durand' } } }));
    expect(mail.subject).toBe('Votre double authentification a été réinitialisée');
    expectFrame(mail);
    expectInBoth(
      mail,
      'Le 12/03/2020 à 14h05, Madame Durand, administratrice de votre établissement, a réinitialisé la double authentification de votre compte JLO000439 sur la Plateforme Employeurs Publics.',
    );
    expectInBoth(mail, "Votre application d'authentification, vos clés d'accès et vos codes de secours ne sont plus reconnus");
    expectInBoth(mail, 'Si vous n\'avez pas demandé cette réinitialisation, changez votre mot de passe et prévenez un administrateur de votre établissement.');
  });

  it('agrees « administrateur » for a man, and says « un administrateur » when the name is not on record', async () => {
    const named = await delivered(renderSecondFactorResetMail({ ...base, resetBy: { role: 'administrator', person: { civility: 'monsieur', lastName: 'Martin' } } }));
    expectInBoth(named, 'Monsieur Martin, administrateur de votre établissement, a réinitialisé');
    const anonymous = await delivered(renderSecondFactorResetMail({ ...base, resetBy: { role: 'administrator' } }));
    expectInBoth(anonymous, 'Le 12/03/2020 à 14h05, un administrateur de votre établissement a réinitialisé');
  });

  it('names the DRS when it reset an administrator’s factor', async () => {
    const mail = await delivered(renderSecondFactorResetMail({ ...base, resetBy: { role: 'drs' } }));
    expectInBoth(mail, 'Le 12/03/2020 à 14h05, la Direction des Retraites et de la Solidarité a réinitialisé la double authentification');
    expectInBoth(mail, "prévenez l'assistance de la Direction des Retraites et de la Solidarité.");
  });
});

describe('« Connexion depuis un nouveau poste »', () => {
  const data = {
    ...links,
    recipient: jean,
    identifier: 'JLO000439',
    workstationLabel: 'Firefox sur Windows',
    trustedAt: '2020-07-01T06:30:00.000Z',
    expiresAt: '2020-07-08T06:30:00.000Z',
  };

  it('says when, from which workstation, until when, and what to do if it was not the holder', async () => {
    const mail = await delivered(renderNewWorkstationMail(data));
    expect(mail.subject).toBe('Connexion depuis un nouveau poste');
    expectFrame(mail);
    expectInBoth(
      mail,
      'Le 01/07/2020 à 08h30, une connexion à votre compte JLO000439 a été confirmée par la double authentification depuis un nouveau poste, enregistré comme poste de confiance : Firefox sur Windows.',
    );
    expectInBoth(mail, 'Ce poste ne vous demandera plus de code de vérification jusqu\'au 08/07/2020 à 08h30.');
    expectInBoth(mail, 'Si ce n\'était pas vous, changez immédiatement votre mot de passe, retirez ce poste de vos postes de confiance');
  });

  it('escapes a hostile workstation label in the HTML part and keeps it on one line in the text part', async () => {
    const rendered = renderNewWorkstationMail({ ...data, workstationLabel: '<img src=x onerror=alert(1)>\r\nSubject: piège' });
    expect(rendered.html).not.toContain('<img');
    expect(rendered.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; Subject: piège');
    expect(rendered.text).toContain('poste de confiance : <img src=x onerror=alert(1)> Subject: piège.');
    const mail = await delivered(rendered);
    expect(mail.subject).toBe('Connexion depuis un nouveau poste');
    expect(() => renderNewWorkstationMail({ ...data, workstationLabel: '  ' })).toThrow(/workstationLabel/);
  });
});
