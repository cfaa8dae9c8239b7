import { Module } from '@nestjs/common';

/** Read side: query handlers and their HTTP mappings over the read models (filled by the read-model work). */
@Module({})
export class QuerySideModule {}
