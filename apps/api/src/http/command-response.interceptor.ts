import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandRunner } from '../commands/command-runner';
import { idempotencyScope, idempotencySeed } from '../idempotency/idempotency-ids';
import { IDEMPOTENT_COMMAND, type IdempotentCommandName, type IdempotentRequest } from '../idempotency/idempotent-command.decorator';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { isHttpResult, type HttpResult } from './http-result';

/**
 * Applies an HttpResult's status and headers; on a POST with Idempotency-Key, runs the handler once per
 * (caller, key). The caller's role check for the command comes first, so a replay never skips it.
 */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly runner: CommandRunner,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & AuthenticatedRequest & IdempotentRequest>();
    const reply = http.getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    let result$: Observable<unknown> = next.handle();
    if (request.method === 'POST' && key !== undefined) {
      const validKey = IdempotencyService.validateKey(key);
      const principal = request.principal;
      const scope = idempotencyScope(principal);
      const hash = IdempotencyService.requestHash(request.method, request.url, request.body);
      const command = this.reflector.get<IdempotentCommandName | undefined>(IDEMPOTENT_COMMAND, context.getHandler());
      request.idempotencySeed = idempotencySeed(scope, validKey);
      result$ = from(
        (async () => {
          if (command !== undefined && principal) {
            const name = typeof command === 'function' ? command((request.body ?? {}) as Record<string, unknown>) : command;
            await this.runner.authorize(name, principal);
          }
          return this.idempotency.run(scope, validKey, hash, async () => {
            const value = await lastValueFrom(next.handle());
            if (!isHttpResult(value)) throw new Error('idempotent endpoints must answer an HttpResult');
            return value;
          });
        })(),
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
