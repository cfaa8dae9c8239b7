import 'reflect-metadata';
import { Controller, Get, Module, Injectable } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule, QueryBus } from '@nestjs/cqrs';
@Injectable() class Svc { hi() { return 'ok'; } }
@Controller('api') class C { constructor(private readonly s: Svc, private readonly q: QueryBus) {} @Get('health') h() { return { status: this.s.hi(), q: !!this.q }; } }
@Module({ imports: [CqrsModule.forRoot()], controllers: [C], providers: [Svc] }) class M {}
const app = await NestFactory.create(M, { logger: false }); await app.listen(3999); console.log('listening');
const r = await fetch('http://127.0.0.1:3999/api/health'); console.log(await r.text()); await app.close();
