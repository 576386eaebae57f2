import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streamName, type PartnershipCommand, type PartnershipEvent } from '@app/domain';
import type { PartnershipState } from '@app/domain/partnership';
import { partnershipDecider } from '@app/domain/partnership';
import type { CommandResult } from '@app/event-store';
import type { PartnerPrincipal } from '../auth/principal';
import { metadataFor } from '../commands/command-metadata';
import { CommandRunner } from '../commands/command-runner';
import { seededEventIds } from '../idempotency/idempotency-ids';

type Result = CommandResult<PartnershipState, PartnershipEvent>;

/** One CQRS message per partnership use case; the handler below is shared because the path is identical. */
abstract class PartnershipUseCase extends Command<Result> {
  constructor(
    readonly principal: PartnerPrincipal,
    readonly command: PartnershipCommand,
    readonly ifMatch?: bigint,
    /** The Idempotency-Key's seed: the events get ids derived from it, so a retry is recognised. */
    readonly idempotencySeed?: string,
  ) {
    super();
  }
}
export class RequestPartnershipCommand extends PartnershipUseCase {}
export class AcceptPartnershipCommand extends PartnershipUseCase {}
export class RemovePartnershipCommand extends PartnershipUseCase {}

async function runPartnershipCommand(
  runner: CommandRunner,
  { principal, command, ifMatch, idempotencySeed }: PartnershipUseCase,
): Promise<Result> {
  await runner.authorize(command.type, principal);
  const { providerId, resellerId } = command.data;
  const context = { now: new Date(), ...(await lookups(runner, command)) };
  const stream = streamName.partnership(providerId, resellerId);
  return runner.run({
    streamName: stream,
    decider: partnershipDecider,
    command,
    context,
    metadata: metadataFor(principal, command.type),
    ifMatch,
    eventIds: seededEventIds(idempotencySeed, stream),
  });
}

async function lookups(runner: CommandRunner, command: PartnershipCommand) {
  switch (command.type) {
    case 'RequestPartnership':
      return { provider: await runner.partner(command.data.providerId), reseller: await runner.partner(command.data.resellerId) };
    default:
      return {};
  }
}

@CommandHandler(RequestPartnershipCommand)
export class RequestPartnershipHandler implements ICommandHandler<RequestPartnershipCommand> {
  constructor(private readonly runner: CommandRunner) {}
  execute(command: RequestPartnershipCommand): Promise<Result> {
    return runPartnershipCommand(this.runner, command);
  }
}

@CommandHandler(AcceptPartnershipCommand)
export class AcceptPartnershipHandler implements ICommandHandler<AcceptPartnershipCommand> {
  constructor(private readonly runner: CommandRunner) {}
  execute(command: AcceptPartnershipCommand): Promise<Result> {
    return runPartnershipCommand(this.runner, command);
  }
}

@CommandHandler(RemovePartnershipCommand)
export class RemovePartnershipHandler implements ICommandHandler<RemovePartnershipCommand> {
  constructor(private readonly runner: CommandRunner) {}
  execute(command: RemovePartnershipCommand): Promise<Result> {
    return runPartnershipCommand(this.runner, command);
  }
}
