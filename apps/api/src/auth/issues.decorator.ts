import { SetMetadata, applyDecorators } from '@nestjs/common';
import type { CommandName } from '@app/domain';
import { Refuses } from '../openapi/refuses.decorator';

export const ISSUES = 'csp:issues';

/** The command a route issues; some routes issue one of two, told apart by the body. */
export type IssuedCommand = CommandName | ((body: Record<string, unknown>) => CommandName);

/**
 * Marks a route as issuing a command, so the caller's role and partner kind are checked (CommandPermissionGuard)
 * before its body is validated: a caller who may not issue it learns nothing from validation errors.
 */
export const Issues = (command: IssuedCommand) =>
  applyDecorators(
    SetMetadata(ISSUES, command),
    // The permission check's refusals, and a concurrent change of the stream between its read and the append.
    Refuses('ROLE.FORBIDDEN', 'PARTNER.NOT_ENROLLED', 'PARTNER.KIND_NOT_ALLOWED', 'CONCURRENCY'),
  );

export const issuedCommand = (command: IssuedCommand, body: unknown): CommandName =>
  typeof command === 'function'
    ? command(body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {})
    : command;
