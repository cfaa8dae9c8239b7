// How the « Conditions générales d'utilisation » pages show a version: pure, so specs need no platform.
/** Paragraphs as published (blank lines separate them, single breaks kept as lines); the view escapes each line. */
export function paragraphsOf(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.split('\n').map((l) => l.trim()).filter((l) => l !== ''))
    .filter((lines) => lines.length > 0);
}

const parisDay = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Paris' });
const parisTime = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Paris' });

/**
 * « 10/12/2026 à 09h41 »: the 8 days run to the millisecond, so the day alone would mislead on the day itself;
 * rounded up to the minute, so the time shown is never one at which validation is still refused.
 */
export function availableFromLabel(instant: string): string {
  const at = new Date(Math.ceil(new Date(instant).getTime() / 60_000) * 60_000);
  return `${parisDay.format(at)} à ${parisTime.format(at).replace(':', 'h')}`;
}
