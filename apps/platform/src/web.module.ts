import { Module } from '@nestjs/common';
import { AccountsPagesController } from './web/accounts.controller.js';
import { AssetsController } from './web/assets.controller.js';
import { OperationsPagesController } from './web/operations.controller.js';
import { PublicPagesController } from './web/public-pages.controller.js';

/**
 * Server-rendered back-office pages in French (handlebars), a thin client of the platform's own JSON API over
 * loopback: see `web/api-client.ts`. Static CSS/JS under `/assets`.
 */
@Module({
  controllers: [AssetsController, PublicPagesController, AccountsPagesController, OperationsPagesController],
})
export class WebModule {}
