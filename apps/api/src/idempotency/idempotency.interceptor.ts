import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { isHttpResult } from '../http/http-result';
import { idempotencyScope, idempotencySeed, requestDigest } from './idempotency-ids';
import type { IdempotentRequest } from './idempotent-command.decorator';
import { IdempotencyService } from './idempotency.service';

/**
 * On a POST with an Idempotency-Key, runs the handler once per (caller, key) and answers repeats with the
 * first response. The caller's permission for the command was checked by a guard already, so a replay never skips it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest & IdempotentRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    const validKey = IdempotencyService.validateKey(key);
    const principal = request.principal;
    const scope = idempotencyScope(principal);
    const hash = requestDigest(request.method, request.url, request.body);
    request.idempotencySeed = idempotencySeed(scope, validKey, hash);
    return from(
      this.idempotency.run(scope, validKey, hash, async () => {
        const value = await lastValueFrom(next.handle());
        if (!isHttpResult(value)) throw new Error('idempotent endpoints must answer an HttpResult');
        return value;
      }),
    );
  }
}
