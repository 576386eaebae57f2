import { UseInterceptors, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { Issues, type IssuedCommand } from '../auth/issues.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * A POST that honours Idempotency-Key, issuing `command` and answering an HttpResult: its permission check (a guard, see `@Issues`) runs before
 * any replay of a stored response. Only these routes carry the idempotency interceptor (Nest runs a route with any
 * interceptor through rxjs, which the other routes are spared).
 */
export const IdempotentCommand = (command: IssuedCommand) => applyDecorators(Issues(command), Idempotent());

/**
 * A POST that honours Idempotency-Key and answers an HttpResult, without a domain command (webhook registrations):
 * a repeat with the same key is answered from the stored response.
 */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Repeats with the same key answer the first response and change nothing.',
    }),
    Refuses('IDEMPOTENCY_KEY_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED'),
  );

export interface IdempotentRequest {
  idempotencySeed?: string;
}

/** The seed of this request's Idempotency-Key (set by the idempotency interceptor), undefined without a key. */
export const IdempotencySeed = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => context.switchToHttp().getRequest<IdempotentRequest>().idempotencySeed,
);
