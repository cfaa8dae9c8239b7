import { Module } from '@nestjs/common';

/** Write side: command handlers, their HTTP mappings, sign-in and sessions (filled by the accounts work). */
@Module({})
export class CommandSideModule {}
