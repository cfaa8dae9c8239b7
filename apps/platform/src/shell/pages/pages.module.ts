import { Module } from '@nestjs/common';
import { AssetsController } from './assets.controller.js';
import { HomePage } from './home/home.page.js';
import { PrivacyPage } from './privacy/privacy.page.js';

/**
 * The page kit's own routes: `/` (« Se connecter » or « Accueil ») and the static CSS/JS under `/assets`. The
 * pages are a thin client of the platform's JSON API over loopback (see `api-client.ts`); each area registers its own.
 */
@Module({ controllers: [AssetsController, HomePage, PrivacyPage] })
export class PagesModule {}
