import { Module } from '@nestjs/common';

/** Server-rendered back-office pages (filled by the back-office work). */
@Module({})
export class WebModule {}
