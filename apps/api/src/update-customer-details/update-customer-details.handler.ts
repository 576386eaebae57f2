import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PartnerPrincipal } from '../auth/principal';
import { CommandRunner } from '../commands/command-runner';
import { CustomerUseCaseCommand } from '../commands/customer-command';
import type { UpdateCustomerDetailsDto } from './update-customer-details.dto';

export class UpdateCustomerDetailsCommand extends CustomerUseCaseCommand<PartnerPrincipal, UpdateCustomerDetailsDto> {}

@CommandHandler(UpdateCustomerDetailsCommand)
export class UpdateCustomerDetailsHandler implements ICommandHandler<UpdateCustomerDetailsCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ principal, customerId, body, ifMatch }: UpdateCustomerDetailsCommand) {
    return this.runner.runOnCustomer(
      principal,
      { type: 'UpdateCustomerDetails', data: { customerId, partnerId: principal.partnerId, ...body } },
      { ifMatch },
    );
  }
}
