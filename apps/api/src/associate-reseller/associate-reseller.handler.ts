import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streamName, type AssociateResellerWithCustomer, type AssociateResellerWithSubscription, type CustomerEvent } from '@app/domain';
import type { CustomerState } from '@app/domain/customer';
import type { CommandResult } from '@app/event-store';
import type { PartnerPrincipal } from '../auth/principal';
import { CommandRunner } from '../commands/command-runner';
import { seededEventIds } from '../idempotency/idempotency-ids';

export class AssociateResellerCommand extends Command<CommandResult<CustomerState, CustomerEvent>> {
  constructor(
    readonly principal: PartnerPrincipal,
    readonly command: AssociateResellerWithCustomer | AssociateResellerWithSubscription,
    /** The Idempotency-Key's seed: the events get ids derived from it, so a retry is recognised. */
    readonly idempotencySeed?: string,
  ) {
    super();
  }
}

/**
 * Decided on the customer stream, which guards the provider's relationship (libs/domain/README.md, "Where each
 * invariant lives"); the partnership's status is read from its stream as the decision's lookup.
 */
@CommandHandler(AssociateResellerCommand)
export class AssociateResellerHandler implements ICommandHandler<AssociateResellerCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ principal, command, idempotencySeed }: AssociateResellerCommand): Promise<CommandResult<CustomerState, CustomerEvent>> {
    const partnershipStatus = await this.runner.partnershipStatus(command.data.providerId, command.data.resellerId);
    return this.runner.runOnCustomer(principal, command, {
      partnershipStatus,
      eventIds: seededEventIds(idempotencySeed, streamName.customer(command.data.customerId)),
    });
  }
}
