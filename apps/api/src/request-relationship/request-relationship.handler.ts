import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, invitationLinkPlaceholder, streamName, type InvitationCommand, type RelationshipRequested } from '@app/domain';
import { invitationDecider } from '@app/domain/invitation';
import type { PartnerPrincipal } from '../auth/principal';
import type { AppConfig } from '../config';
import { metadataFor } from '../commands/command-metadata';
import { CommandRunner } from '../commands/command-runner';
import type { Written } from '../http/http-result';
import { ProblemException, problem } from '../http/problem';
import { derivedId, seededEventIds } from '../idempotency/idempotency-ids';
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
    /** Under an Idempotency-Key (its seed) the invitation id derives from the key; the token never does. */
    readonly idempotencySeed?: string,
  ) {
    super();
  }
}

/** A reseller relationship request, or with `providerId` the combined reseller-and-provider invitation. */
@CommandHandler(RequestRelationshipCommand)
export class RequestRelationshipHandler implements ICommandHandler<RequestRelationshipCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ principal, body, config, idempotencySeed }: RequestRelationshipCommand): Promise<RequestRelationshipOutcome> {
    const invitationId = idempotencySeed === undefined ? randomUUID() : derivedId(idempotencySeed, 'invitation');
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
    const actingPartner = await this.runner.authorize(command.type, principal).catch((error: unknown) => {
      // Only the combined invitation is limited to resellers: the refusal is about providerId.
      if (error instanceof DomainError && error.code === 'PARTNER.KIND_NOT_ALLOWED' && body.providerId !== undefined) {
        throw new DomainError(error.code, error.message, 'providerId');
      }
      throw error;
    });
    const context =
      body.providerId === undefined
        ? { now: new Date(), actingPartner }
        : {
            now: new Date(),
            actingPartner,
            provider: await this.runner.partner(body.providerId),
            partnershipStatus: await this.runner.partnershipStatus(body.providerId, principal.partnerId),
          };
    const stream = streamName.invitation(invitationId);
    const result = await this.runner
      .run({
        streamName: stream,
        decider: invitationDecider,
        command,
        context,
        metadata: metadataFor(principal, command.type),
        expectNew: true,
        // Salted with this attempt's token hash: a retry with a new token must not pass for the first append.
        eventIds: seededEventIds(idempotencySeed, stream, common.tokenHash),
      })
      .catch((error: unknown) => {
        if (idempotencySeed !== undefined && error instanceof DomainError && error.code === 'INVITATION.ALREADY_EXISTS')
          throw linkLost(invitationId);
        throw error;
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

/**
 * An earlier attempt with this key created the invitation but its response was never recorded. Its link held
 * a random token stored only hashed, so it cannot be shown again; the invitation should be revoked.
 */
function linkLost(invitationId: string): ProblemException {
  return new ProblemException(
    problem(
      409,
      'IDEMPOTENCY_RESPONSE_LOST',
      `An earlier request with this Idempotency-Key created invitation ${invitationId}, but its link cannot be shown again. ` +
        'Revoke that invitation and request a new one with a new key.',
      { field: 'Idempotency-Key' },
    ),
  );
}
