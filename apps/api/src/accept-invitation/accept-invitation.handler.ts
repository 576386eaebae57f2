import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { normaliseDomain, streamName, type AcceptInvitation, type InvitationEvent } from '@app/domain';
import { invitationDecider, refusalOf, type InvitationState } from '@app/domain/invitation';
import type { CommandResult } from '@app/event-store';
import type { CustomerPrincipal } from '../auth/principal';
import { metadataFor } from '../commands/command-metadata';
import { CommandRunner } from '../commands/command-runner';
import { seededEventIds } from '../idempotency/idempotency-ids';
import { hashInvitationToken } from '../request-relationship/invitation-token';
import type { AcceptInvitationDto } from './accept-invitation.dto';

export class AcceptInvitationCommand extends Command<CommandResult<InvitationState, InvitationEvent>> {
  constructor(
    readonly principal: CustomerPrincipal,
    readonly invitationId: string,
    readonly body: AcceptInvitationDto,
    /** The Idempotency-Key's seed: the events get ids derived from it, so a retry is recognised. */
    readonly idempotencySeed?: string,
  ) {
    super();
  }
}

/**
 * The customer's Global admin accepts with the link's token. A customer new to the system claims its
 * primary domain first. The relationships themselves follow from `InvitationAccepted` in the process
 * manager, so an acceptance is never half-applied across streams.
 */
@CommandHandler(AcceptInvitationCommand)
export class AcceptInvitationHandler implements ICommandHandler<AcceptInvitationCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({
    principal,
    invitationId,
    body,
    idempotencySeed,
  }: AcceptInvitationCommand): Promise<CommandResult<InvitationState, InvitationEvent>> {
    await this.runner.authorize('AcceptInvitation', principal);
    const stream = streamName.invitation(invitationId);
    const invitation = await this.runner.invitation(invitationId);
    const state = invitation.state;
    const customer = await this.runner.customer(principal.customerId);
    const partnershipStatus =
      state.status !== 'none' && state.kind === 'combined' && state.providerId
        ? await this.runner.partnershipStatus(state.providerId, state.partnerId)
        : undefined;
    const newCustomer =
      customer || !body.newCustomer
        ? undefined
        : {
            companyName: body.newCustomer.companyName,
            primaryDomain: normaliseDomain(body.newCustomer.primaryDomain, 'newCustomer.primaryDomain'),
          };
    const command: AcceptInvitation = {
      type: 'AcceptInvitation',
      data: {
        invitationId,
        customerId: principal.customerId,
        acceptedBy: principal.userId,
        tokenHash: hashInvitationToken(body.token),
        ...(newCustomer ? { newCustomer } : {}),
      },
    };
    const context = { now: new Date(), customer, partnershipStatus };
    const metadata = metadataFor(principal, 'AcceptInvitation');
    const accepting = {
      streamName: stream,
      decider: invitationDecider,
      command,
      context,
      metadata,
      eventIds: seededEventIds(idempotencySeed, stream),
    };
    const result = await this.runner.runClaimingDomain(
      accepting,
      idempotencySeed,
      (planned) =>
        newCustomer && planned.some((e) => e.type === 'InvitationAccepted')
          ? { domain: newCustomer.primaryDomain, customerId: principal.customerId }
          : undefined,
      invitation,
    );
    const refusal = refusalOf(command, result.events);
    if (refusal) throw refusal;
    return result;
  }
}
