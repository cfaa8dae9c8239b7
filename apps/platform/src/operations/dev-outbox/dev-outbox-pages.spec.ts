import { escapeHtml, outboxListPage, outboxMailPage, outboxSmsPage } from './dev-outbox-pages.js';

describe('outbox viewer pages', () => {
  it('escapes everything that comes from a mail', () => {
    expect(escapeHtml(`<script>"'&`)).toBe('&lt;script&gt;&quot;&#39;&amp;');
    const page = outboxListPage([{ name: 'x.eml', writtenAt: new Date(0), size: 1, subject: '<img src=x onerror=alert(1)>', to: ['a@b.fr'] }]);
    expect(page).not.toContain('<img');
    expect(page).toContain('Courriels et SMS envoyés');
  });
  it('shows the HTML part only in a sandboxed frame', () => {
    const page = outboxMailPage({ name: 'x.eml', writtenAt: new Date(0), size: 1, subject: 'Créer', to: ['a@b.fr'], html: '<p onclick="x()">é</p>', text: 'é', headers: {} });
    expect(page).toContain('sandbox=""');
    expect(page).not.toContain('<p onclick');
    expect(page).toContain('lang="fr"');
  });

  describe('SMS beside the mails', () => {
    const mail = { name: '20200312T094100.000Z-0123456789abcdef.eml', writtenAt: new Date('2020-03-12T09:41:00.000Z'), size: 1, subject: 'Votre code de connexion', to: ['jean.louty@chu-nantes.fr'] };
    const sms = {
      name: '20200312T094200.000Z-fedcba9876543210.txt',
      writtenAt: new Date('2020-03-12T09:42:00.000Z'),
      date: new Date('2020-03-12T09:42:00.000Z'),
      to: '+33612345678',
      text: "PEP's Comptes : votre code de connexion est 123456. Il est valable 5 minutes. Ne le communiquez à personne.",
    };

    it('lists each SMS with its number and its text, newest first among the mails', () => {
      const page = outboxListPage([mail], [sms]);
      expect(page).toContain('1 courriel(s) et 1 SMS');
      const smsRow = page.indexOf('+33612345678');
      const mailRow = page.indexOf('jean.louty@chu-nantes.fr');
      expect(smsRow).toBeGreaterThan(0);
      expect(smsRow).toBeLessThan(mailRow);
      expect(page).toContain('<td>SMS</td>');
      expect(page).toContain(escapeHtml(sms.text));
      expect(page).toContain(`href="/dev/courriels/${sms.name}"`);
      // Older than the mail: below it.
      const older = outboxListPage([mail], [{ ...sms, date: new Date('2020-03-12T09:40:00.000Z') }]);
      expect(older.indexOf('+33612345678')).toBeGreaterThan(older.indexOf('jean.louty@chu-nantes.fr'));
    });

    it('shows one SMS, escaped', () => {
      const page = outboxSmsPage({ ...sms, text: '<script>alert(1)</script> 123456' });
      expect(page).toContain('+33612345678');
      expect(page).toContain('<pre>&lt;script&gt;alert(1)&lt;/script&gt; 123456</pre>');
      expect(page).not.toContain('<script>');
    });

    it('says when there is nothing yet', () => {
      expect(outboxListPage([], [])).toContain('Aucun courriel ni SMS pour le moment.');
    });
  });
});
