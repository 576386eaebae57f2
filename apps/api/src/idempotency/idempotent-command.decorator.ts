import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandName } from '@app/domain';

export const IDEMPOTENT_COMMAND = 'csp:idempotent-command';
export type IdempotentCommandName = CommandName | ((body: Record<string, unknown>) => CommandName);

/** The command a keyed POST issues: its role check runs before any replay of a stored response. */
export const IdempotentCommand = (command: IdempotentCommandName) => SetMetadata(IDEMPOTENT_COMMAND, command);

export interface IdempotentRequest {
  idempotencySeed?: string;
}

/** The seed of this request's Idempotency-Key (set by the command interceptor), undefined without a key. */
export const IdempotencySeed = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => context.switchToHttp().getRequest<IdempotentRequest>().idempotencySeed,
);
