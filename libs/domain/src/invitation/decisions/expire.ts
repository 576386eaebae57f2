import { DomainError } from '../../errors';
import { ExpireInvitation } from '../commands';
import { InvitationContext } from '../context';
import { InvitationExpired } from '../events';
import { ExistingInvitation, InvitationState } from '../state';

export const expiredOutcome = (invitation: ExistingInvitation, now: Date): InvitationExpired[] => [
  {
    type: 'InvitationExpired',
    data: {
      invitationId: invitation.invitationId,
      partnerId: invitation.partnerId,
      expiresAt: invitation.expiresAt,
      expiredAt: now.toISOString(),
    },
  },
];

/** The sweep: closed invitations need nothing, so a repeated sweep records nothing. */
export const expireInvitation = (_command: ExpireInvitation, state: InvitationState, { now }: InvitationContext): InvitationExpired[] => {
  if (state.status === 'none') throw new DomainError('INVITATION.NOT_FOUND', undefined, 'invitationId');
  if (state.status !== 'open') return [];
  if (now.getTime() < Date.parse(state.expiresAt)) throw new DomainError('INVITATION.NOT_EXPIRED_YET', undefined, 'invitationId');
  return expiredOutcome(state, now);
};
