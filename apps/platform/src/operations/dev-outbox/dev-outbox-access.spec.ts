import { loadPlatformConfig } from '@peps/runtime';
import { mailDestinationLine, outboxViewerEnabled } from './dev-outbox-access.js';

describe('where mails go, said once at start-up', () => {
  it('without SMTP_URL outside demonstration mode: one line naming the outbox folder and that the viewer is closed', () => {
    const config = loadPlatformConfig({ DATABASE_URL: 'postgres://u@h/db', PEPS_DATA_DIR: '/srv/peps' });
    expect(outboxViewerEnabled(config)).toBe(false);
    const line = mailDestinationLine(config)!;
    expect(line).toContain('/srv/peps/outbox');
    expect(line).toContain('lisibles par quiconque lit ce disque');
    expect(line).not.toContain('\n');
  });

  it('in production without SMTP_URL, even with PEPS_DEMO=1: the same warning, the viewer closed', () => {
    const config = loadPlatformConfig({ NODE_ENV: 'production', PEPS_DEMO: '1', PEPS_DATA_DIR: '/srv/peps' });
    expect(outboxViewerEnabled(config)).toBe(false);
    expect(mailDestinationLine(config)).toContain('fermé hors démonstration');
  });

  it('in demonstration mode: the folder and the viewer', () => {
    const config = loadPlatformConfig({ PEPS_DATA_DIR: '/srv/peps' });
    expect(outboxViewerEnabled(config)).toBe(true);
    expect(mailDestinationLine(config)).toBe(
      'Courriels : pas de SMTP_URL, déposés dans /srv/peps/outbox et affichés sur http://localhost:3000/dev/courriels (démonstration).',
    );
  });

  it('with SMTP_URL: nothing to say, and no viewer', () => {
    const config = loadPlatformConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' });
    expect(outboxViewerEnabled(config)).toBe(false);
    expect(mailDestinationLine(config)).toBeUndefined();
  });
});
