import { Controller, Get, Header, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { listOutbox, OutboxMailNotFoundError, outboxFolder, readOutboxMail } from '@peps/notifications';
import { Public } from '../../access/authentication/access.decorators.js';
import type { PlatformConfig } from '@peps/runtime';
import { PLATFORM_CONFIG } from '@peps/runtime';
import { outboxViewerEnabled } from './dev-outbox-access.js';
import { OUTBOX_VIEWER_CSP, outboxListPage, outboxMailPage } from './dev-outbox-pages.js';

/**
 * `/dev/courriels`: the outbox of the demonstration (mails written as `.eml` files). A demonstration aid: it
 * answers only when `outboxViewerEnabled` (PEPS_DEMO=1, not production, no SMTP_URL), 404 everywhere else, since
 * the mails it shows carry password-creation and reset links. Pages, not API: never in the OpenAPI document.
 */
@ApiExcludeController()
@Controller('dev/courriels')
@Public()
export class DevOutboxController {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  private folder(): string {
    if (!outboxViewerEnabled(this.config)) throw new NotFoundException();
    return outboxFolder(this.config.dataDir);
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', OUTBOX_VIEWER_CSP)
  async list(): Promise<string> {
    return outboxListPage(await listOutbox(this.folder(), { limit: 500 }));
  }

  @Get(':name')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', OUTBOX_VIEWER_CSP)
  async show(@Param('name') name: string): Promise<string> {
    try {
      return outboxMailPage(await readOutboxMail(this.folder(), name));
    } catch (error) {
      if (error instanceof OutboxMailNotFoundError) throw new NotFoundException('Courriel introuvable.');
      throw error;
    }
  }
}
