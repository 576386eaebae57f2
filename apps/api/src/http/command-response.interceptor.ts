import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { isHttpResult, type HttpResult } from './http-result';

/** Applies an HttpResult's status and headers; on a POST with Idempotency-Key, runs the handler once per key. */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & AuthenticatedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    let result$: Observable<unknown> = next.handle();
    if (request.method === 'POST' && key !== undefined) {
      const validKey = IdempotencyService.validateKey(key);
      const principal = request.principal;
      const tenant = principal ? (principal.kind === 'partner' ? `partner:${principal.partnerId}` : `customer:${principal.customerId}`) : 'public';
      const hash = IdempotencyService.requestHash(request.method, request.url, request.body);
      result$ = from(
        this.idempotency.run(tenant, validKey, hash, async () => {
          const value = await lastValueFrom(next.handle());
          if (!isHttpResult(value)) throw new Error('idempotent endpoints must answer an HttpResult');
          return value;
        }),
      );
    }
    return result$.pipe(
      map((value) => {
        if (!isHttpResult(value)) return value;
        apply(reply, value);
        return value.body;
      }),
    );
  }
}

function apply(reply: FastifyReply, result: HttpResult): void {
  reply.status(result.status);
  for (const [name, value] of Object.entries(result.headers)) reply.header(name, value);
}
