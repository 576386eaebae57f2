import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streamName } from '@app/domain';
import type { PartnerPrincipal } from '../auth/principal';
import { CommandRunner } from '../commands/command-runner';
import { CustomerUseCaseCommand } from '../commands/customer-command';
import { derivedId, seededEventIds } from '../idempotency/idempotency-ids';
import type { AddSubscriptionDto, ChangeLicenseCountDto, DesignateSupportContactDto } from './subscriptions.dto';

export class AddSubscriptionCommand extends CustomerUseCaseCommand<PartnerPrincipal, AddSubscriptionDto & { subscriptionId: string }> {
  /** Under an Idempotency-Key (its seed) the subscription id and the event ids derive from the key. */
  idempotencySeed?: string;

  static create(
    principal: PartnerPrincipal,
    customerId: string,
    body: AddSubscriptionDto,
    ifMatch?: bigint,
    seed?: string,
  ): AddSubscriptionCommand {
    const subscriptionId = seed === undefined ? randomUUID() : derivedId(seed, 'subscription');
    const command = new AddSubscriptionCommand(principal, customerId, { ...body, subscriptionId }, ifMatch);
    command.idempotencySeed = seed;
    return command;
  }
}
export class ChangeLicenseCountCommand extends CustomerUseCaseCommand<
  PartnerPrincipal,
  ChangeLicenseCountDto & { subscriptionId: string }
> {}
export class DesignateSupportContactCommand extends CustomerUseCaseCommand<
  PartnerPrincipal,
  DesignateSupportContactDto & { subscriptionId: string }
> {}

@CommandHandler(AddSubscriptionCommand)
export class AddSubscriptionHandler implements ICommandHandler<AddSubscriptionCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ principal, customerId, body, ifMatch, idempotencySeed }: AddSubscriptionCommand) {
    const partnershipStatus =
      body.partnerOfRecordId === undefined ? undefined : await this.runner.partnershipStatus(principal.partnerId, body.partnerOfRecordId);
    // A keyed retry whose earlier attempt appended is answered with that attempt's result by the command path.
    return this.runner.runOnCustomer(
      principal,
      { type: 'AddSubscription', data: { customerId, partnerId: principal.partnerId, ...body } },
      { ifMatch, partnershipStatus, eventIds: seededEventIds(idempotencySeed, streamName.customer(customerId)) },
    );
  }
}

@CommandHandler(ChangeLicenseCountCommand)
export class ChangeLicenseCountHandler implements ICommandHandler<ChangeLicenseCountCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ principal, customerId, body, ifMatch }: ChangeLicenseCountCommand) {
    return this.runner.runOnCustomer(
      principal,
      { type: 'ChangeLicenseCount', data: { customerId, partnerId: principal.partnerId, ...body } },
      { ifMatch },
    );
  }
}

@CommandHandler(DesignateSupportContactCommand)
export class DesignateSupportContactHandler implements ICommandHandler<DesignateSupportContactCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ principal, customerId, body, ifMatch }: DesignateSupportContactCommand) {
    const supportContact =
      body.kind === 'reseller' ? { kind: 'reseller' as const, resellerId: body.resellerId! } : { kind: 'provider' as const };
    return this.runner.runOnCustomer(
      principal,
      {
        type: 'DesignateSupportContact',
        data: {
          customerId,
          partnerId: principal.partnerId,
          subscriptionId: body.subscriptionId,
          supportContact,
          designatedBy: principal.userId,
        },
      },
      { ifMatch },
    );
  }
}
