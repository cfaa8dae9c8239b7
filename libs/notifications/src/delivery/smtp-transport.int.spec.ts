import { startSmtpListener, type SmtpListener } from '@peps/testing';
import { createSmtpMailTransport, parseSmtpUrl, type SmtpMailTransport } from './smtp-transport.js';
import { GUIDE_LINK, guideMail } from './fixtures.js';

describe('SMTP transport against a real SMTP listener', () => {
  let smtp: SmtpListener;
  let transport: SmtpMailTransport;

  beforeAll(async () => {
    smtp = await startSmtpListener();
    transport = createSmtpMailTransport({ url: `smtp://127.0.0.1:${smtp.port}` });
  });
  afterAll(async () => {
    await transport?.close();
    await smtp?.close();
  });

  it('delivers the guide’s mail for Jean Louty intact', async () => {
    const mail = guideMail();
    const result = await transport.send({ ...mail, date: new Date('2020-03-12T09:41:00.000Z') });
    expect(result.messageId).toBe(mail.messageId);

    expect(smtp.received).toHaveLength(1);
    const { parsed, raw, envelopeFrom, envelopeTo } = smtp.received[0];
    expect(envelopeFrom).toBe('ne-pas-repondre@peps.localhost');
    expect(envelopeTo).toEqual(['jean.louty@chu-nantes.fr']);

    // Stable Message-ID, headers.
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.headers.get('x-peps-cause')).toBe('account.created:0f6a1c1e-guide:password-creation');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.from?.value).toEqual([{ name: "PEP's", address: 'ne-pas-repondre@peps.localhost' }]);
    expect(parsed.date?.toISOString()).toBe('2020-03-12T09:41:00.000Z');

    // Accents intact in the subject and both parts; 7-bit safe on the wire.
    expect(parsed.subject).toBe('Vous pouvez créer votre mot de passe');
    expect(raw.toString('latin1')).not.toMatch(/[^\x00-\x7f]/);
    expect(typeof parsed.text).toBe('string');
    expect(typeof parsed.html).toBe('string');
    const text = parsed.text!.replace(/\s+/g, ' ');
    for (const sentence of [
      'Bonjour Monsieur Louty,',
      "Le 12/03/2020, Monsieur Louty (joignable au 0241051938), vous a créé un compte en tant qu'administrateur à la Plateforme Employeurs Publics pour l'établissement CHRU DE NANTES VP201.",
      'Attention ! pour des raisons de sécurité, vous avez 15 jours pour le créer. Passé ce délai, Monsieur Louty devra procéder à une nouvelle demande.',
      "Le représentant légal de votre établissement a été informé de cette démarche par courrier à l'adresse 5 ALLEE DE L ILE GLORIETTE, BP 1005, 44035 NANTES CEDEX 1.",
      "A bientôt sur la Plateforme Employeurs Publics Pep's.",
      "L'assistance technique de la Plateforme Employeurs Publics Pep's Direction des Retraites et de la Solidarité - Caisse des Dépôts",
      'Cet email vous a été envoyé par un automate. Merci de ne pas répondre.',
    ]) {
      expect(text).toContain(sentence);
    }
    const html = parsed.html as string;
    expect(html).toContain('Vous pouvez créer votre mot de passe');
    expect(html).toContain('représentant légal');

    // The link survives quoted-printable line wrapping: exact href and exact text line.
    const hrefs = [...html.matchAll(/<a class="button" href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(hrefs).toEqual([GUIDE_LINK]);
    expect(parsed.text!.split('\n')).toContain(GUIDE_LINK);
    expect(new URL(hrefs[0]).searchParams.get('jeton')).toBe(
      'Q2VjaSBlc3QgdW4gamV0b24gZGUgdGVzdCBkZSAyNTYgYml0cyBwb3VyIFBFUHM',
    );
  });

  it('sends a duplicate with the same Message-ID (recognisable) and many mails through the pool', async () => {
    const before = smtp.received.length;
    const mails = Array.from({ length: 20 }, (_, i) => guideMail(`account.created:bulk-${i}:password-creation`));
    await Promise.all([...mails, mails[0]].map((m) => transport.send(m)));
    const arrived = smtp.received.slice(before);
    expect(arrived).toHaveLength(21);
    const ids = arrived.map((r) => r.parsed.messageId);
    expect(new Set(ids).size).toBe(20);
    expect(ids.filter((id) => id === mails[0].messageId)).toHaveLength(2);
  });

  it('authenticates with credentials from the URL', async () => {
    const secured = await startSmtpListener({ auth: { user: 'peps', pass: 'sécret:/@' } });
    const authed = createSmtpMailTransport({
      url: `smtp://peps:${encodeURIComponent('sécret:/@')}@127.0.0.1:${secured.port}?starttls=ignore`,
      from: 'Plateforme Employeurs Publics <courriel@peps.example.fr>',
    });
    try {
      await authed.verify();
      await authed.send(guideMail('auth'));
      expect(secured.received).toHaveLength(1);
      expect(secured.received[0].envelopeFrom).toBe('courriel@peps.example.fr');
    } finally {
      await authed.close();
      await secured.close();
    }
  });
});

describe('parseSmtpUrl', () => {
  it('reads smtp and smtps URLs', () => {
    expect(parseSmtpUrl('smtp://127.0.0.1:2525')).toMatchObject({ host: '127.0.0.1', port: 2525, secure: false });
    expect(parseSmtpUrl('smtps://mail.example.fr')).toMatchObject({ host: 'mail.example.fr', port: 465, secure: true });
    expect(parseSmtpUrl('smtp://u%40x:p%3Aw@h:25?starttls=required')).toMatchObject({
      auth: { user: 'u@x', pass: 'p:w' },
      requireTLS: true,
    });
  });

  it('names SMTP_URL in errors and never echoes the password', () => {
    expect(() => parseSmtpUrl('http://user:topsecret@h:25')).toThrow(/^SMTP_URL: /);
    expect(() => parseSmtpUrl('http://user:topsecret@h:25')).not.toThrow(/topsecret/);
    expect(() => parseSmtpUrl('pas une url')).toThrow(/SMTP_URL/);
  });
});
