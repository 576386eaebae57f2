import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { normaliseDomain, streamName, type CustomerEvent, type ImportCustomer } from '@app/domain';
import { customerDecider, type CustomerState } from '@app/domain/customer';
import { customerDomainDecider } from '@app/domain/customer-domain';
import type { CommandResult } from '@app/event-store';
import type { PartnerPrincipal } from '../auth/principal';
import { metadataFor } from '../commands/command-metadata';
import { CommandRunner } from '../commands/command-runner';
import type { ImportCustomerDto } from './import-customer.dto';

export class ImportCustomerCommand extends Command<CommandResult<CustomerState, CustomerEvent>> {
  constructor(
    readonly principal: PartnerPrincipal,
    readonly body: ImportCustomerDto,
  ) {
    super();
  }
}

/** A customer the partner serves elsewhere; a new one claims its primary domain first, like AddCustomer. */
@CommandHandler(ImportCustomerCommand)
export class ImportCustomerHandler implements ICommandHandler<ImportCustomerCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ principal, body }: ImportCustomerCommand): Promise<CommandResult<CustomerState, CustomerEvent>> {
    const actingPartner = await this.runner.authorize('ImportCustomer', principal);
    const primaryDomain = normaliseDomain(body.primaryDomain);
    const command: ImportCustomer = { type: 'ImportCustomer', data: { ...body, primaryDomain, partnerId: principal.partnerId } };
    const context = { now: new Date(), actingPartner };
    const stream = streamName.customer(body.customerId);
    // Read, not cached: a stale "does not exist" would claim a domain for a customer id that exists.
    const current = await this.runner.aggregates.read(stream, customerDecider);
    customerDecider.decide(command, current.state, context);
    const metadata = metadataFor(principal, 'ImportCustomer');
    if (current.revision === null) {
      await this.runner.run({
        streamName: streamName.customerDomain(primaryDomain),
        decider: customerDomainDecider,
        command: { type: 'ClaimCustomerDomain', data: { domain: primaryDomain, customerId: body.customerId } },
        context: { now: context.now },
        metadata,
      });
    }
    return this.runner.run({ streamName: stream, decider: customerDecider, command, context, metadata });
  }
}
