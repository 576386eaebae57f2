import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streamName, type InvitationEvent, type RevokeInvitation } from '@app/domain';
import { invitationDecider, refusalOf, type InvitationState } from '@app/domain/invitation';
import type { CommandResult } from '@app/event-store';
import type { PartnerPrincipal } from '../auth/principal';
import { metadataFor } from '../commands/command-metadata';
import { CommandRunner } from '../commands/command-runner';
import type { RevokeInvitationDto } from './revoke-invitation.dto';

export class RevokeInvitationCommand extends Command<CommandResult<InvitationState, InvitationEvent>> {
  constructor(
    readonly principal: PartnerPrincipal,
    readonly invitationId: string,
    readonly body: RevokeInvitationDto,
    readonly ifMatch?: bigint,
  ) {
    super();
  }
}

@CommandHandler(RevokeInvitationCommand)
export class RevokeInvitationHandler implements ICommandHandler<RevokeInvitationCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({
    principal,
    invitationId,
    body,
    ifMatch,
  }: RevokeInvitationCommand): Promise<CommandResult<InvitationState, InvitationEvent>> {
    await this.runner.authorize('RevokeInvitation', principal);
    const command: RevokeInvitation = {
      type: 'RevokeInvitation',
      data: { invitationId, partnerId: principal.partnerId, revokedBy: principal.userId, ...body },
    };
    const result = await this.runner.run({
      streamName: streamName.invitation(invitationId),
      decider: invitationDecider,
      command,
      context: { now: new Date() },
      metadata: metadataFor(principal, 'RevokeInvitation'),
      ifMatch,
    });
    const refusal = refusalOf(command, result.events);
    if (refusal) throw refusal;
    return result;
  }
}
