import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PartnerPrincipal } from '../auth/principal';
import { CommandRunner } from '../commands/command-runner';
import { CustomerUseCaseCommand } from '../commands/customer-command';
import type { RemoveRelationshipDto } from './remove-relationship.dto';

export class RemoveRelationshipCommand extends CustomerUseCaseCommand<PartnerPrincipal, RemoveRelationshipDto> {}

@CommandHandler(RemoveRelationshipCommand)
export class RemoveRelationshipHandler implements ICommandHandler<RemoveRelationshipCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ principal, customerId, body, ifMatch }: RemoveRelationshipCommand) {
    return this.runner.runOnCustomer(
      principal,
      { type: 'RemoveRelationship', data: { customerId, partnerId: principal.partnerId, ...body, removedBy: principal.userId } },
      { ifMatch },
    );
  }
}
