import { outboxFolder } from '@peps/notifications';
import type { PlatformConfig } from '@peps/runtime';

/**
 * The outbox viewer (`/dev/courriels`) shows mails that carry sign-in links (password creation and reset): anyone
 * who reads it can take over the accounts they were sent to. It is a demonstration aid: it answers only in
 * demonstration mode (`PEPS_DEMO=1`), never with `NODE_ENV=production`, and only when mails go to the outbox
 * folder (no `SMTP_URL`). Everywhere else its routes answer 404 and are left out of the OpenAPI document.
 */
export function outboxViewerEnabled(config: Pick<PlatformConfig, 'demo' | 'production' | 'smtpUrl'>): boolean {
  return config.demo && !config.production && !config.smtpUrl;
}

/**
 * The one start-up line saying where mails go when no SMTP server is configured (undefined with `SMTP_URL`):
 * the outbox folder, which holds every link in clear, readable by whoever reads the disk.
 */
export function mailDestinationLine(config: Pick<PlatformConfig, 'demo' | 'production' | 'smtpUrl' | 'dataDir' | 'publicUrl'>): string | undefined {
  if (config.smtpUrl) return undefined;
  const folder = outboxFolder(config.dataDir);
  if (outboxViewerEnabled(config)) {
    return `Courriels : pas de SMTP_URL, déposés dans ${folder} et affichés sur ${config.publicUrl}/dev/courriels (démonstration).`;
  }
  return (
    `Courriels : pas de SMTP_URL, ils ne partent pas et sont déposés dans ${folder} ` +
    `(liens de connexion en clair, lisibles par quiconque lit ce disque ; /dev/courriels est fermé hors démonstration).`
  );
}
