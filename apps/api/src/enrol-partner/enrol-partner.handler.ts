import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streamName, type PartnerEvent } from '@app/domain';
import { partnerDecider, type PartnerState } from '@app/domain/partner';
import type { CommandResult } from '@app/event-store';
import type { Principal } from '../auth/principal';
import { metadataFor } from '../commands/command-metadata';
import { CommandRunner } from '../commands/command-runner';
import type { EnrolPartnerDto } from './enrol-partner.dto';

export class EnrolPartnerCommand extends Command<CommandResult<PartnerState, PartnerEvent>> {
  constructor(
    readonly principal: Extract<Principal, { kind: 'partner' }>,
    readonly body: EnrolPartnerDto,
  ) {
    super();
  }
}

@CommandHandler(EnrolPartnerCommand)
export class EnrolPartnerHandler implements ICommandHandler<EnrolPartnerCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ principal, body }: EnrolPartnerCommand): Promise<CommandResult<PartnerState, PartnerEvent>> {
    await this.runner.authorize('EnrolPartner', principal);
    return this.runner.run({
      streamName: streamName.partner(principal.partnerId),
      decider: partnerDecider,
      command: { type: 'EnrolPartner', data: { partnerId: principal.partnerId, ...body } },
      context: { now: new Date() },
      metadata: metadataFor(principal, 'EnrolPartner'),
      expectNew: true,
    });
  }
}
