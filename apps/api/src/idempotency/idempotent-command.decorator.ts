import { SetMetadata, UseInterceptors, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { CommandName } from '@app/domain';
import { IdempotencyInterceptor } from './idempotency.interceptor';

export const IDEMPOTENT_COMMAND = 'csp:idempotent-command';
export type IdempotentCommandName = CommandName | ((body: Record<string, unknown>) => CommandName);

/**
 * A POST that honours Idempotency-Key, issuing `command`: its role check runs before any replay of a stored
 * response. Only these routes carry the idempotency interceptor (Nest runs a route with any interceptor
 * through rxjs, which the other routes are spared).
 */
export const IdempotentCommand = (command: IdempotentCommandName) =>
  applyDecorators(
    SetMetadata(IDEMPOTENT_COMMAND, command),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeats with the same key answer the first response and change nothing.' }),
  );

export interface IdempotentRequest {
  idempotencySeed?: string;
}

/** The seed of this request's Idempotency-Key (set by the idempotency interceptor), undefined without a key. */
export const IdempotencySeed = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => context.switchToHttp().getRequest<IdempotentRequest>().idempotencySeed,
);
