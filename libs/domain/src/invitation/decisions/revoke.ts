import { DomainError } from '../../errors';
import { optionalText, requireText } from '../../shared/validation';
import { RevokeInvitation } from '../commands';
import { InvitationContext } from '../context';
import { InvitationExpired, InvitationRevoked } from '../events';
import { InvitationState } from '../state';
import { expiredOutcome } from './expire';

/** Stops further acceptances; relationships already established stay. Past expiry, the expiry is recorded instead. */
export const revokeInvitation = (
  { data }: RevokeInvitation,
  state: InvitationState,
  { now }: InvitationContext,
): (InvitationRevoked | InvitationExpired)[] => {
  // Another partner's invitation does not exist for the caller.
  if (state.status === 'none' || state.partnerId !== data.partnerId)
    throw new DomainError('INVITATION.NOT_FOUND', undefined, 'invitationId');
  const revokedBy = requireText(data.revokedBy, 'revokedBy', 100);
  const reason = optionalText(data.reason, 'reason', 1000);
  if (state.status === 'revoked') throw new DomainError('INVITATION.REVOKED', undefined, 'invitationId');
  if (state.status === 'expired') throw new DomainError('INVITATION.EXPIRED', undefined, 'invitationId');
  if (now.getTime() >= Date.parse(state.expiresAt)) return expiredOutcome(state, now);
  return [
    {
      type: 'InvitationRevoked',
      data: {
        invitationId: state.invitationId,
        partnerId: state.partnerId,
        revokedBy,
        ...(reason ? { reason } : {}),
        revokedAt: now.toISOString(),
      },
    },
  ];
};
