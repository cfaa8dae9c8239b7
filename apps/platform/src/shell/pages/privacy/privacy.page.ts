import { Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PLATFORM_CONFIG, type PlatformConfig } from '@peps/runtime';
import { page } from '../page-context.js';
import { PageController } from '../page-controller.js';

/**
 * `/donnees-personnelles`: how the platform processes personal data, for anyone (the mails' « Découvrez comment
 * nous traitons vos données » links here). The periods are the configured ones; the holder's own data are on
 * « Mes données ».
 */
@PageController()
export class PrivacyPage {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  @Get('donnees-personnelles')
  privacy(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return page(req, res, 'privacy', { title: 'Données personnelles', retention: this.config.retention });
  }
}
