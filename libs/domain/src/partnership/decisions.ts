import { DomainError } from '../errors';
import { optionalText, requireId, requireText } from '../shared/validation';
import {
  AcceptPartnership,
  CompleteRequestedAssociation,
  ConfirmCombinedInvitation,
  RemovePartnership,
  RequestPartnership,
} from './commands';
import { PartnershipContext } from './context';
import {
  CombinedInvitationConfirmed,
  CombinedInvitationDeclined,
  PartnershipAccepted,
  PartnershipRemoved,
  PartnershipRequested,
  ResellerAssociated,
  ResellerAssociationDeclined,
} from './events';
import { associationKey, combinedAcceptanceKey, PartnershipState } from './state';

const requirePair = (data: { providerId: unknown; resellerId: unknown }) => ({
  providerId: requireId(data.providerId, 'providerId'),
  resellerId: requireId(data.resellerId, 'resellerId'),
});

export const requestPartnership = (
  { data }: RequestPartnership,
  state: PartnershipState,
  { now, provider, reseller }: PartnershipContext,
): PartnershipRequested[] => {
  const { providerId, resellerId } = requirePair(data);
  if (providerId === resellerId) throw new DomainError('VALIDATION', 'A partner cannot partner with itself', 'resellerId');
  if (!provider || provider.partnerId !== providerId) throw new DomainError('PARTNER.NOT_ENROLLED', undefined, 'providerId');
  if (provider.kind !== 'indirect-provider')
    throw new DomainError('PARTNER.KIND_NOT_ALLOWED', 'Only an indirect provider requests a partnership', 'providerId');
  if (!reseller || reseller.partnerId !== resellerId) throw new DomainError('PARTNER.NOT_ENROLLED', undefined, 'resellerId');
  if (reseller.kind !== 'indirect-reseller')
    throw new DomainError('PARTNER.KIND_NOT_ALLOWED', 'resellerId must name an indirect reseller', 'resellerId');
  if (state.status === 'requested') throw new DomainError('PARTNERSHIP.ALREADY_REQUESTED', undefined, 'resellerId');
  if (state.status === 'active') throw new DomainError('PARTNERSHIP.ALREADY_ACTIVE', undefined, 'resellerId');
  const requestedBy = requireText(data.requestedBy, 'requestedBy', 100);
  return [{ type: 'PartnershipRequested', data: { providerId, resellerId, requestedBy, requestedAt: now.toISOString() } }];
};

export const acceptPartnership = (
  { data }: AcceptPartnership,
  state: PartnershipState,
  { now }: PartnershipContext,
): PartnershipAccepted[] => {
  if (state.status === 'active') throw new DomainError('PARTNERSHIP.ALREADY_ACTIVE', undefined, 'providerId');
  if (state.status !== 'requested') throw new DomainError('PARTNERSHIP.NOT_REQUESTED', undefined, 'providerId');
  const acceptedBy = requireText(data.acceptedBy, 'acceptedBy', 100);
  return [{ type: 'PartnershipAccepted', data: { ...requirePair(data), acceptedBy, acceptedAt: now.toISOString() } }];
};

/** Also withdraws a pending request. Customers, associations and admin permissions stay as they are. */
export const removePartnership = (
  { data }: RemovePartnership,
  state: PartnershipState,
  { now }: PartnershipContext,
): PartnershipRemoved[] => {
  if (state.status === 'none') throw new DomainError('PARTNERSHIP.NOT_FOUND', undefined, 'resellerId');
  if (state.status === 'removed') throw new DomainError('PARTNERSHIP.NOT_ACTIVE', undefined, 'resellerId');
  const removedBy = requireText(data.removedBy, 'removedBy', 100);
  const reason = optionalText(data.reason, 'reason', 1000);
  return [
    {
      type: 'PartnershipRemoved',
      data: { ...requirePair(data), removedBy, ...(reason ? { reason } : {}), removedAt: now.toISOString() },
    },
  ];
};

const associated = (
  data: { providerId: string; resellerId: string; customerId: string; subscriptionId?: string; associatedBy?: string },
  grantAdmin: boolean,
  now: Date,
): ResellerAssociated[] => [
  {
    type: 'ResellerAssociated',
    data: {
      providerId: data.providerId,
      resellerId: data.resellerId,
      customerId: data.customerId,
      ...(data.subscriptionId ? { subscriptionId: data.subscriptionId } : {}),
      grantAdmin,
      ...(data.associatedBy ? { associatedBy: data.associatedBy } : {}),
      associatedAt: now.toISOString(),
    },
  },
];

/** Process step: the partnership may have ended since the customer stream asked; that is an outcome. */
export const completeRequestedAssociation = (
  { data }: CompleteRequestedAssociation,
  state: PartnershipState,
  { now }: PartnershipContext,
): (ResellerAssociated | ResellerAssociationDeclined)[] => {
  requirePair(data);
  requireId(data.customerId, 'customerId');
  if (data.subscriptionId !== undefined) requireId(data.subscriptionId, 'subscriptionId');
  if (typeof data.grantAdmin !== 'boolean') throw new DomainError('VALIDATION', 'grantAdmin must be true or false', 'grantAdmin');
  const key = associationKey(data.customerId, data.subscriptionId);
  if (state.associations.includes(key) || state.declined.includes(key)) return [];
  if (state.status === 'active') return associated(data, data.grantAdmin, now);
  return [
    {
      type: 'ResellerAssociationDeclined',
      data: {
        providerId: data.providerId,
        resellerId: data.resellerId,
        customerId: data.customerId,
        ...(data.subscriptionId ? { subscriptionId: data.subscriptionId } : {}),
        reason: 'PARTNERSHIP.NOT_ACTIVE',
        declinedAt: now.toISOString(),
      },
    },
  ];
};

/** Process step: the request's partnership check was a snapshot; this stream's revision decides. */
export const confirmCombinedInvitation = (
  { data }: ConfirmCombinedInvitation,
  state: PartnershipState,
  { now }: PartnershipContext,
): (CombinedInvitationConfirmed | CombinedInvitationDeclined)[] => {
  const { providerId, resellerId } = requirePair(data);
  const invitationId = requireId(data.invitationId, 'invitationId');
  const customerId = requireId(data.customerId, 'customerId');
  if (state.combinedAcceptances.includes(combinedAcceptanceKey(invitationId, customerId))) return [];
  const at = now.toISOString();
  if (state.status === 'active')
    return [{ type: 'CombinedInvitationConfirmed', data: { providerId, resellerId, invitationId, customerId, confirmedAt: at } }];
  return [
    {
      type: 'CombinedInvitationDeclined',
      data: { providerId, resellerId, invitationId, customerId, reason: 'PARTNERSHIP.NOT_ACTIVE', declinedAt: at },
    },
  ];
};
