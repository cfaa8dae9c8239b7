import { Controller, Get, Header, Inject, NotFoundException, Param } from '@nestjs/common';
import { listOutbox, OutboxMailNotFoundError, outboxFolder, readOutboxMail } from '../../../../libs/notifications/src/index.js';
import { Public } from '../auth/access.decorators.js';
import type { PlatformConfig } from '../config/platform-config.js';
import { PLATFORM_CONFIG } from '../infrastructure/tokens.js';
import { outboxListPage, outboxMailPage } from './dev-outbox-pages.js';

/**
 * `/dev/courriels`: the embedded default's outbox (mails written as `.eml` files). Only when no SMTP_URL is set:
 * with a real SMTP server there is no outbox, and the routes answer 404.
 */
@Controller('dev/courriels')
@Public()
export class DevOutboxController {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  private folder(): string {
    if (this.config.smtpUrl || this.config.production) throw new NotFoundException();
    return outboxFolder(this.config.dataDir);
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async list(): Promise<string> {
    return outboxListPage(await listOutbox(this.folder(), { limit: 500 }));
  }

  @Get(':name')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async show(@Param('name') name: string): Promise<string> {
    try {
      return outboxMailPage(await readOutboxMail(this.folder(), name));
    } catch (error) {
      if (error instanceof OutboxMailNotFoundError) throw new NotFoundException('Courriel introuvable.');
      throw error;
    }
  }
}
