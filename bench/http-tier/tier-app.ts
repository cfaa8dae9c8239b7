import { Body, CanActivate, Controller, ExecutionContext, Get, Headers, HttpCode, Injectable, Module, Post, Res, UseGuards } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import { createHash } from 'node:crypto';

/**
 * The same three requests for both adapters, with what the platform does on them but no database: a static asset
 * from memory with an ETag and long-lived caching, an authenticated JSON read behind a guard, a validated JSON body.
 */
const CSS = Buffer.from(`/* ${'x'.repeat(4_000)} */\nbody { font-family: system-ui, sans-serif; }\n`);
const CSS_ETAG = `"${createHash('sha256').update(CSS).digest('base64url').slice(0, 22)}"`;
export const BENCH_TOKEN = 'jeton-de-banc-d-essai';
const SERVICES = Array.from({ length: 20 }, (_, i) => ({ code: `S${String(i).padStart(2, '0')}`, label: `Service numéro ${i}`, family: i % 3 === 0 ? 'retraite' : 'carrière' }));

/** Both Express's response and Fastify's reply have `status()` and `header()`: the controller stays adapter-neutral. */
interface NeutralResponse {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

@Injectable()
class BearerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    return request.headers.authorization === `Bearer ${BENCH_TOKEN}`;
  }
}

class EchoDto {
  @IsString()
  @MaxLength(200)
  name!: string;
}

@Controller()
class TierController {
  @Get('assets/app.css')
  asset(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) response: NeutralResponse): Buffer | undefined {
    response.header('etag', CSS_ETAG);
    response.header('cache-control', 'public, max-age=31536000, immutable');
    if (ifNoneMatch === CSS_ETAG) {
      response.status(304);
      return undefined;
    }
    response.header('content-type', 'text/css; charset=utf-8');
    return CSS;
  }

  @Get('api/services')
  @UseGuards(BearerGuard)
  services() {
    return SERVICES;
  }

  @Post('api/echo')
  @HttpCode(200)
  echo(@Body() body: EchoDto) {
    return { name: body.name };
  }
}

@Module({ controllers: [TierController], providers: [BearerGuard] })
export class TierModule {}
