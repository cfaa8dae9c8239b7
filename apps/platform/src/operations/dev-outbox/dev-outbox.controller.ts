import { Controller, Get, Header, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  listOutbox,
  listOutboxSms,
  OutboxMailNotFoundError,
  outboxFolder,
  OutboxSmsNotFoundError,
  readOutboxMail,
  readOutboxSms,
} from '@peps/notifications';
import { Public } from '../../access/authentication/access.decorators.js';
import type { PlatformConfig } from '@peps/runtime';
import { PLATFORM_CONFIG } from '@peps/runtime';
import { outboxViewerEnabled } from './dev-outbox-access.js';
import { OUTBOX_VIEWER_CSP, outboxListPage, outboxMailPage, outboxSmsPage } from './dev-outbox-pages.js';

/**
 * `/dev/courriels`: the outbox of the demonstration (mails written as `.eml` files, SMS as `.txt` files). A
 * demonstration aid: it answers only when `outboxViewerEnabled` (PEPS_DEMO=1, not production, no SMTP_URL), 404
 * everywhere else, since the mails and SMS it shows carry password links and sign-in codes. Pages, not API:
 * never in the OpenAPI document.
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
    const folder = this.folder();
    const [mails, sms] = await Promise.all([listOutbox(folder, { limit: 500 }), listOutboxSms(folder, { limit: 500 })]);
    return outboxListPage(mails, sms);
  }

  @Get(':name')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', OUTBOX_VIEWER_CSP)
  async show(@Param('name') name: string): Promise<string> {
    const folder = this.folder();
    try {
      return name.endsWith('.txt') ? outboxSmsPage(await readOutboxSms(folder, name)) : outboxMailPage(await readOutboxMail(folder, name));
    } catch (error) {
      if (error instanceof OutboxMailNotFoundError) throw new NotFoundException('Courriel introuvable.');
      if (error instanceof OutboxSmsNotFoundError) throw new NotFoundException('SMS introuvable.');
      throw error;
    }
  }
}
