import { escapeHtml, outboxListPage, outboxMailPage } from './dev-outbox-pages.js';

describe('outbox viewer pages', () => {
  it('escapes everything that comes from a mail', () => {
    expect(escapeHtml(`<script>"'&`)).toBe('&lt;script&gt;&quot;&#39;&amp;');
    const page = outboxListPage([{ name: 'x.eml', writtenAt: new Date(0), size: 1, subject: '<img src=x onerror=alert(1)>', to: ['a@b.fr'] }]);
    expect(page).not.toContain('<img');
    expect(page).toContain('Courriels envoyés');
  });
  it('shows the HTML part only in a sandboxed frame', () => {
    const page = outboxMailPage({ name: 'x.eml', writtenAt: new Date(0), size: 1, subject: 'Créer', to: ['a@b.fr'], html: '<p onclick="x()">é</p>', text: 'é', headers: {} });
    expect(page).toContain('sandbox=""');
    expect(page).not.toContain('<p onclick');
    expect(page).toContain('lang="fr"');
  });
});
