import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { isHttpResult, type HttpResult } from '../http/http-result';
import { sendResult } from '../http/send-result';
import { idempotencyScope, idempotencySeed, requestDigest } from './idempotency-ids';
import type { IdempotentRequest } from './idempotent-command.decorator';
import { IdempotencyService } from './idempotency.service';

/**
 * On a POST with an Idempotency-Key, runs the handler once per (caller, key) and answers repeats with the
 * first response. The caller's permission for the command was checked by a guard already, so a replay never skips it.
 * It sends the HttpResult itself, the handler's or the replayed one, because a replay answers in the handler's place.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & AuthenticatedRequest & IdempotentRequest>();
    const reply = http.getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle().pipe(map((value) => sendResult(reply, asHttpResult(value))));
    const validKey = IdempotencyService.validateKey(key);
    const scope = idempotencyScope(request.principal);
    const hash = requestDigest(request.method, request.url, request.body);
    request.idempotencySeed = idempotencySeed(scope, validKey, hash);
    const answer = this.idempotency.run(scope, validKey, hash, async () => asHttpResult(await lastValueFrom(next.handle())));
    return from(answer).pipe(map((result) => sendResult(reply, result)));
  }
}

function asHttpResult(value: unknown): HttpResult {
  if (!isHttpResult(value)) throw new Error('idempotent endpoints must answer an HttpResult');
  return value;
}
