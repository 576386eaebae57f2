import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Service } from '@app/domain';
import type { CustomerPrincipal } from '../auth/principal';
import { CommandRunner } from '../commands/command-runner';
import { CustomerUseCaseCommand } from '../commands/customer-command';
import type { ReassignAdminPermissionsDto, RemoveAdminPermissionsDto } from './admin-permissions.dto';

export class RemoveAdminPermissionsCommand extends CustomerUseCaseCommand<
  CustomerPrincipal,
  RemoveAdminPermissionsDto & { service: Service }
> {}
export class ReassignAdminPermissionsCommand extends CustomerUseCaseCommand<
  CustomerPrincipal,
  ReassignAdminPermissionsDto & { service: Service }
> {}

@CommandHandler(RemoveAdminPermissionsCommand)
export class RemoveAdminPermissionsHandler implements ICommandHandler<RemoveAdminPermissionsCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ principal, customerId, body, ifMatch }: RemoveAdminPermissionsCommand) {
    return this.runner.runOnCustomer(
      principal,
      {
        type: 'RemoveAdminPermissions',
        data: { customerId, partnerId: body.partnerId, service: body.service, removedBy: principal.userId },
      },
      { ifMatch },
    );
  }
}

@CommandHandler(ReassignAdminPermissionsCommand)
export class ReassignAdminPermissionsHandler implements ICommandHandler<ReassignAdminPermissionsCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ principal, customerId, body, ifMatch }: ReassignAdminPermissionsCommand) {
    return this.runner.runOnCustomer(
      principal,
      {
        type: 'ReassignAdminPermissions',
        data: { customerId, service: body.service, toPartnerId: body.toPartnerId, reassignedBy: principal.userId },
      },
      { ifMatch },
    );
  }
}
