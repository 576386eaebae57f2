import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommandRunner } from '../commands/command-runner';
import type { AuthenticatedRequest } from './auth.decorators';
import { writerOf } from './principal';
import { ISSUES, issuedCommand, type IssuedCommand } from './issues.decorator';

/**
 * Guards run before pipes: a route marked with `@Issues` refuses a caller whose role or partner kind may not issue
 * its command (403) before the body is validated, and before any Idempotency-Key replay. The principal then carries
 * the command it was found allowed to issue, which the handler's own check (for commands sent from elsewhere: the
 * customer's pages) takes instead of checking again.
 */
@Injectable()
export class CommandPermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly runner: CommandRunner,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const command = this.reflector.get<IssuedCommand | undefined>(ISSUES, context.getHandler());
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { body?: unknown }>();
    if (command === undefined || !request.principal) return true;
    const writer = writerOf(request.principal);
    const name = issuedCommand(command, request.body);
    request.principal = { ...writer, authorized: { command: name, partner: await this.runner.authorize(name, writer) } };
    return true;
  }
}
