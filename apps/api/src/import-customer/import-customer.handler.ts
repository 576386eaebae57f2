import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { normaliseDomain, streamName, type CustomerEvent, type ImportCustomer } from '@app/domain';
import { customerDecider, type CustomerState } from '@app/domain/customer';
import type { CommandResult } from '@app/event-store';
import type { PartnerPrincipal } from '../auth/principal';
import { metadataFor } from '../commands/command-metadata';
import { CommandRunner } from '../commands/command-runner';
import { seededEventIds } from '../idempotency/idempotency-ids';
import type { ImportCustomerDto } from './import-customer.dto';

export class ImportCustomerCommand extends Command<CommandResult<CustomerState, CustomerEvent>> {
  constructor(
    readonly principal: PartnerPrincipal,
    readonly body: ImportCustomerDto,
    /** The Idempotency-Key's seed: the events get ids derived from it, so a retry is recognised. */
    readonly idempotencySeed?: string,
  ) {
    super();
  }
}

/** A customer the partner serves elsewhere; a new one claims its primary domain first, like AddCustomer. */
@CommandHandler(ImportCustomerCommand)
export class ImportCustomerHandler implements ICommandHandler<ImportCustomerCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ principal, body, idempotencySeed }: ImportCustomerCommand): Promise<CommandResult<CustomerState, CustomerEvent>> {
    const actingPartner = await this.runner.authorize('ImportCustomer', principal);
    const primaryDomain = normaliseDomain(body.primaryDomain);
    const command: ImportCustomer = { type: 'ImportCustomer', data: { ...body, primaryDomain, partnerId: principal.partnerId } };
    const context = { now: new Date(), actingPartner };
    const stream = streamName.customer(body.customerId);
    const metadata = metadataFor(principal, 'ImportCustomer');
    const importing = {
      streamName: stream,
      decider: customerDecider,
      command,
      context,
      metadata,
      eventIds: seededEventIds(idempotencySeed, stream),
    };
    // A customer new to the system claims its primary domain; one that exists already holds it.
    return this.runner.runClaimingDomain(importing, idempotencySeed, (_planned, exists) =>
      exists ? undefined : { domain: primaryDomain, customerId: body.customerId },
    );
  }
}
