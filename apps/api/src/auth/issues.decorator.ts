import { SetMetadata } from '@nestjs/common';
import type { CommandName } from '@app/domain';

export const ISSUES = 'csp:issues';

/** The command a route issues; some routes issue one of two, told apart by the body. */
export type IssuedCommand = CommandName | ((body: Record<string, unknown>) => CommandName);

/**
 * Marks a route as issuing a command, so the caller's role and partner kind are checked (CommandPermissionGuard)
 * before its body is validated: a caller who may not issue it learns nothing from validation errors.
 */
export const Issues = (command: IssuedCommand) => SetMetadata(ISSUES, command);

export const issuedCommand = (command: IssuedCommand, body: unknown): CommandName =>
  typeof command === 'function'
    ? command(body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {})
    : command;
