import type { OutboxEntry, OutboxMail, OutboxSms } from '@peps/notifications';

/** Everything shown comes from mails, i.e. from user input: escaped, always. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * The viewer's own Content-Security-Policy (the platform's allows `style-src 'self'` only): its page style and the
 * mail's HTML part (shown in a sandboxed `srcdoc` frame, which inherits this policy) are inline. Scripts, forms and
 * framing stay as closed as on every other page; the viewer only answers in demonstration mode anyway.
 */
export const OUTBOX_VIEWER_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' data:",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'none'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join('; ');

const dateTime = (d: Date | undefined): string =>
  d ? new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Paris' }).format(d) : '';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — PEP's (développement)</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}
iframe{width:100%;height:40rem;border:1px solid #ccc}</style>
</head><body><main>${body}</main></body></html>`;
}

/** One row per mail and per SMS, newest first: an SMS shows its text right in the list (it is short). */
export function outboxListPage(entries: OutboxEntry[], sms: OutboxSms[] = []): string {
  const rows = [
    ...entries.map((e) => ({
      at: e.date ?? e.writtenAt,
      html: `<tr><td>${escapeHtml(dateTime(e.date ?? e.writtenAt))}</td><td>Courriel</td><td>${escapeHtml(e.to.join(', '))}</td>
<td><a href="/dev/courriels/${encodeURIComponent(e.name)}">${escapeHtml(e.subject ?? '(sans objet)')}</a></td></tr>`,
    })),
    ...sms.map((s) => ({
      at: s.date ?? s.writtenAt,
      html: `<tr><td>${escapeHtml(dateTime(s.date ?? s.writtenAt))}</td><td>SMS</td><td>${escapeHtml(s.to)}</td>
<td><a href="/dev/courriels/${encodeURIComponent(s.name)}">${escapeHtml(s.text)}</a></td></tr>`,
    })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .map((row) => row.html)
    .join('\n');
  const count = entries.length + sms.length;
  return page(
    'Courriels et SMS envoyés',
    `<h1>Courriels et SMS envoyés</h1>
<p>Démonstration : les courriels et les SMS ne partent pas, ils sont déposés dans le dossier <code>outbox</code>. Ils contiennent des liens et des codes de connexion : cette page n'existe qu'en mode démonstration.</p>
${count ? `<table><caption>${entries.length} courriel(s) et ${sms.length} SMS, du plus récent au plus ancien</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Type</th><th scope="col">Destinataire</th><th scope="col">Objet ou texte</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>Aucun courriel ni SMS pour le moment.</p>'}`,
  );
}

/** One SMS: its number, its date and its text. */
export function outboxSmsPage(sms: OutboxSms): string {
  return page(
    'SMS',
    `<p><a href="/dev/courriels">← Tous les courriels et SMS</a></p>
<h1>SMS</h1>
<dl><dt>À</dt><dd>${escapeHtml(sms.to)}</dd><dt>Date</dt><dd>${escapeHtml(dateTime(sms.date ?? sms.writtenAt))}</dd></dl>
<h2>Texte</h2><pre>${escapeHtml(sms.text)}</pre>`,
  );
}

/**
 * One mail: headers, the plain-text part, and the HTML part in a sandboxed frame (no script, no form, no
 * same-origin access), as `srcdoc` so nothing is fetched.
 */
export function outboxMailPage(mail: OutboxMail): string {
  return page(
    mail.subject ?? 'Courriel',
    `<p><a href="/dev/courriels">← Tous les courriels et SMS</a></p>
<h1>${escapeHtml(mail.subject ?? '(sans objet)')}</h1>
<dl><dt>De</dt><dd>${escapeHtml(mail.from)}</dd><dt>À</dt><dd>${escapeHtml(mail.to.join(', '))}</dd>
<dt>Date</dt><dd>${escapeHtml(dateTime(mail.date ?? mail.writtenAt))}</dd><dt>Message-ID</dt><dd><code>${escapeHtml(mail.messageId)}</code></dd></dl>
${mail.html ? `<h2>Version HTML</h2><iframe title="Version HTML du courriel" sandbox="" srcdoc="${escapeHtml(mail.html)}"></iframe>` : ''}
<h2>Version texte</h2><pre>${escapeHtml(mail.text)}</pre>`,
  );
}
