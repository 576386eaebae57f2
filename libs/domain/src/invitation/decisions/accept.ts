import { DomainError } from '../../errors';
import { normaliseDomain } from '../../shared/domain-name';
import { requireId, requireText } from '../../shared/validation';
import { AcceptInvitation } from '../commands';
import { InvitationContext } from '../context';
import { InvitationAccepted, InvitationExpired } from '../events';
import { ExistingInvitation, InvitationState } from '../state';
import { expiredOutcome } from './expire';

const newCustomerDetails = (details: AcceptInvitation['data']['newCustomer']) => {
  if (typeof details !== 'object' || details === null) throw new DomainError('CUSTOMER.DETAILS_REQUIRED', undefined, 'newCustomer');
  return {
    companyName: requireText(details.companyName, 'newCustomer.companyName'),
    primaryDomain: normaliseDomain(details.primaryDomain, 'newCustomer.primaryDomain'),
  };
};

const checkCustomer = (invitation: ExistingInvitation, context: InvitationContext): void => {
  const customer = context.customer;
  if (!customer) return;
  if (customer.activePartnerIds.includes(invitation.partnerId))
    throw new DomainError('RELATIONSHIP.ALREADY_ACTIVE', undefined, 'customerId');
  if (!invitation.includeAdminPermissions) return;
  const heldByOther = invitation.services.find((service) => {
    const holder = customer.adminHolders[service];
    return holder !== undefined && holder !== invitation.partnerId;
  });
  if (heldByOther)
    throw new DomainError('ADMIN.HELD_BY_OTHER_PARTNER', `Another partner holds admin permissions for ${heldByOther}`, 'services');
};

/**
 * The token is checked before any state, so nothing about the invitation shows without it. Past `expiresAt` the
 * outcome is recorded as `InvitationExpired` (the API answers INVITATION.EXPIRED after appending it).
 */
export const acceptInvitation = (
  { data }: AcceptInvitation,
  state: InvitationState,
  context: InvitationContext,
): (InvitationAccepted | InvitationExpired)[] => {
  if (state.status === 'none') throw new DomainError('INVITATION.NOT_FOUND', undefined, 'invitationId');
  const customerId = requireId(data.customerId, 'customerId');
  const acceptedBy = requireText(data.acceptedBy, 'acceptedBy', 100);
  if (data.tokenHash !== state.tokenHash) throw new DomainError('INVITATION.TOKEN_INVALID', undefined, 'token');
  if (state.status === 'revoked') throw new DomainError('INVITATION.REVOKED', undefined, 'invitationId');
  if (state.status === 'expired') throw new DomainError('INVITATION.EXPIRED', undefined, 'invitationId');
  if (context.now.getTime() >= Date.parse(state.expiresAt)) return expiredOutcome(state, context.now);
  if (state.acceptedBy.includes(customerId)) throw new DomainError('INVITATION.ALREADY_ACCEPTED_BY_CUSTOMER', undefined, 'customerId');
  checkCustomer(state, context);
  if (state.kind === 'combined' && context.partnershipStatus !== 'active')
    throw new DomainError('PARTNERSHIP.NOT_ACTIVE', undefined, 'invitationId');
  const newCustomer = context.customer ? undefined : newCustomerDetails(data.newCustomer);
  return [
    {
      type: 'InvitationAccepted',
      data: {
        invitationId: state.invitationId,
        partnerId: state.partnerId,
        kind: state.kind,
        ...(state.providerId ? { providerId: state.providerId } : {}),
        customerId,
        acceptedBy,
        includeAdminPermissions: state.includeAdminPermissions,
        services: [...state.services],
        ...(newCustomer ? { newCustomer } : {}),
        acceptedAt: context.now.toISOString(),
      },
    },
  ];
};
