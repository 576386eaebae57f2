import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandRunner } from '../commands/command-runner';
import { isHttpResult } from '../http/http-result';
import { idempotencyScope, idempotencySeed } from './idempotency-ids';
import { IDEMPOTENT_COMMAND, type IdempotentCommandName, type IdempotentRequest } from './idempotent-command.decorator';
import { IdempotencyService } from './idempotency.service';

/**
 * On a POST with an Idempotency-Key, runs the handler once per (caller, key) and answers repeats with the
 * first response. The caller's role check for the command comes first, so a replay never skips it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly runner: CommandRunner,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest & IdempotentRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    const validKey = IdempotencyService.validateKey(key);
    const principal = request.principal;
    const scope = idempotencyScope(principal);
    const hash = IdempotencyService.requestHash(request.method, request.url, request.body);
    const command = this.reflector.get<IdempotentCommandName | undefined>(IDEMPOTENT_COMMAND, context.getHandler());
    request.idempotencySeed = idempotencySeed(scope, validKey);
    return from(
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
}
