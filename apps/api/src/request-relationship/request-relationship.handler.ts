import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { invitationLinkPlaceholder, streamName, type InvitationCommand, type RelationshipRequested } from '@app/domain';
import { invitationDecider } from '@app/domain/invitation';
import type { PartnerPrincipal } from '../auth/principal';
import type { AppConfig } from '../config';
import { metadataFor } from '../commands/command-metadata';
import { CommandRunner } from '../commands/command-runner';
import type { Written } from '../http/http-result';
import type { RequestRelationshipDto } from './request-relationship.dto';
import { hashInvitationToken, newInvitationToken } from './invitation-token';

export interface RequestRelationshipOutcome extends Written {
  invitationId: string;
  /** The personalised link, shown once: it holds the token, which is stored only hashed. */
  link: string;
  emailText: string;
  expiresAt: string;
  kind: RelationshipRequested['data']['kind'];
}

export class RequestRelationshipCommand extends Command<RequestRelationshipOutcome> {
  constructor(
    readonly principal: PartnerPrincipal,
    readonly body: RequestRelationshipDto,
    readonly config: Pick<AppConfig, 'publicUrl'>,
  ) {
    super();
  }
}

/** A reseller relationship request, or with `providerId` the combined reseller-and-provider invitation. */
@CommandHandler(RequestRelationshipCommand)
export class RequestRelationshipHandler implements ICommandHandler<RequestRelationshipCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ principal, body, config }: RequestRelationshipCommand): Promise<RequestRelationshipOutcome> {
    const invitationId = randomUUID();
    const token = newInvitationToken();
    const common = {
      invitationId,
      partnerId: principal.partnerId,
      requestedBy: principal.userId,
      includeAdminPermissions: body.includeAdminPermissions ?? false,
      ...(body.services === undefined ? {} : { services: body.services }),
      tokenHash: hashInvitationToken(token),
      ...(body.expiresInDays === undefined ? {} : { expiresInDays: body.expiresInDays }),
      ...(body.emailDraft === undefined ? {} : { emailDraft: body.emailDraft }),
    };
    const command: InvitationCommand =
      body.providerId === undefined
        ? { type: 'RequestRelationship', data: common }
        : { type: 'RequestCombinedRelationship', data: { ...common, providerId: body.providerId } };
    const actingPartner = await this.runner.authorize(command.type, principal);
    const context =
      body.providerId === undefined
        ? { now: new Date(), actingPartner }
        : {
            now: new Date(),
            actingPartner,
            provider: await this.runner.partner(body.providerId),
            partnershipStatus: await this.runner.partnershipStatus(body.providerId, principal.partnerId),
          };
    const result = await this.runner.run({
      streamName: streamName.invitation(invitationId),
      decider: invitationDecider,
      command,
      context,
      metadata: metadataFor(principal, command.type),
      expectNew: true,
    });
    const requested = result.events.find((e): e is RelationshipRequested => e.type === 'RelationshipRequested')!;
    const link = `${config.publicUrl}/invitations/${invitationId}/accept?token=${token}`;
    return {
      invitationId,
      link,
      emailText: requested.data.emailDraft.split(invitationLinkPlaceholder).join(link),
      expiresAt: requested.data.expiresAt,
      kind: requested.data.kind,
      revision: result.revision,
      position: result.position,
    };
  }
}
