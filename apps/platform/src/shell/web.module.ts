import { Module } from '@nestjs/common';
import { AccountsPagesController } from '../accounts/account-pages/accounts.controller.js';
import { AssetsController } from './pages/assets.controller.js';
import { OperationsPagesController } from '../drs/back-office-pages/operations.controller.js';
import { PublicPagesController } from '../access/public-pages/public-pages.controller.js';

/**
 * Server-rendered back-office pages in French (handlebars), a thin client of the platform's own JSON API over
 * loopback: see `web/api-client.ts`. Static CSS/JS under `/assets`.
 */
@Module({
  controllers: [AssetsController, PublicPagesController, AccountsPagesController, OperationsPagesController],
})
export class WebModule {}
