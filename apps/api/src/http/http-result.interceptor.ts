import { Injectable, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { isHttpResult, type HttpResult } from './http-result';

/** Sends the HttpResult a route's handler returned as its status, headers and body. */
@Injectable()
export class HttpResultInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<HttpResult>): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result) => {
        if (!isHttpResult(result)) throw new Error('a route marked @AnswersHttpResult() must return an HttpResult');
        reply.status(result.status);
        for (const name in result.headers) reply.header(name, result.headers[name]);
        return result.body;
      }),
    );
  }
}

/**
 * The route's handler returns an HttpResult (every command route does). Listed before any other interceptor of
 * the route, so that it also sends what those answer in the handler's place (an idempotent replay).
 */
export const AnswersHttpResult = () => UseInterceptors(HttpResultInterceptor);
