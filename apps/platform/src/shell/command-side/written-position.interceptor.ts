import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable, tap } from 'rxjs';
import { formatCheckpoint } from '@peps/read-store';
import type { RequestWithActor } from '../../access/authentication/access.decorators.js';
import { collectWrittenPosition } from './written-position.js';

/** FastifyReply header naming the position a command wrote (`<transactionId>:<position>`). */
export const POSITION_HEADER = 'X-Position';

/**
 * Read your writes: a request whose commands appended events answers `X-Position`, the newest position written.
 * A query given it back (`?minPosition=` or `X-Min-Position`) waits, bounded, until its read models reached it,
 * so the list shown after a deletion no longer shows the deleted account. Works for 204 answers too.
 *
 * Only a caller who arrived signed in learns positions: the sign-in itself, and the anonymous routes (password
 * setup, forgotten password or identifier) answer none — the log position is none of an anonymous caller's
 * business, and its presence would tell whether a forgotten-password request named a real account.
 */
@Injectable()
export class WrittenPositionInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const response = context.switchToHttp().getResponse<FastifyReply>();
    // The authentication guard ran before: `actor` is set only for a live session presented with the request.
    if (!context.switchToHttp().getRequest<RequestWithActor>().actor) return next.handle();
    // The handler runs inside the request's scope, so every append it awaits is recorded there.
    return new Observable((subscriber) =>
      collectWrittenPosition((writes) =>
        next
          .handle()
          .pipe(
            tap(() => {
              if (writes.newest && !response.sent && !response.raw.headersSent) response.header(POSITION_HEADER, formatCheckpoint(writes.newest));
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }
}
