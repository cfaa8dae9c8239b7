import { Module } from '@nestjs/common';
import { HttpDrain } from './http-drain.js';

@Module({ providers: [HttpDrain], exports: [HttpDrain] })
export class ShutdownModule {}
