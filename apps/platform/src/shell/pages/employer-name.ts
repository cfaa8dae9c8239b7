import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import { WriteSide } from '../command-side/write-side.js';
import { actorOf } from './page-context.js';

/**
 * An employer's name never changes once registered (no event renames it), so each process reads it once per employer
 * and keeps it: the page header shows it without a database round trip per page. Bounded, oldest out first.
 */
const MAX_NAMES = 10_000;
const names = new Map<string, string>();

export function rememberEmployerName(employerId: string, name: string): void {
  if (names.size >= MAX_NAMES) names.delete(names.keys().next().value as string);
  names.set(employerId, name);
}

export function knownEmployerName(employerId: string): string | undefined {
  return names.get(employerId);
}

/** The name the page header shows, set on the request by EmployerNameInterceptor. */
export function employerNameOf(req: FastifyRequest): string | undefined {
  return (req as FastifyRequest & { employerName?: string }).employerName;
}

/** Before every page handler: the signed-in employer account's establishment name, from the cache or read once. */
@Injectable()
export class EmployerNameInterceptor implements NestInterceptor {
  constructor(private readonly moduleRef: ModuleRef) {}

  private async resolve(employerId: string): Promise<string | undefined> {
    const known = knownEmployerName(employerId);
    if (known) return known;
    try {
      const { state } = await this.moduleRef.get(WriteSide, { strict: false }).loadEmployer(employerId);
      if (state?.name) rememberEmployerName(employerId, state.name);
      return state?.name;
    } catch {
      // The header does without the name rather than fail the page.
      return undefined;
    }
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const employerId = actorOf(req)?.employerId;
    if (!employerId) return next.handle();
    return from(this.resolve(employerId)).pipe(
      switchMap((name) => {
        if (name) (req as FastifyRequest & { employerName?: string }).employerName = name;
        return next.handle();
      }),
    );
  }
}
