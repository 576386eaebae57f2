import { exhaustive } from '../shared/exhaustive';
import { PartnershipEvent } from './events';
import { PartnershipStatus } from './status';

export interface PartnershipState {
  readonly status: PartnershipStatus;
  /** Customer ids, and `customerId/subscriptionId` keys, the reseller was associated with. */
  readonly associations: readonly string[];
  /** Requested associations already declined, so a replayed process step records nothing. */
  readonly declined: readonly string[];
  /** `invitationId/customerId` of combined acceptances already confirmed or declined. */
  readonly combinedAcceptances: readonly string[];
}

export const associationKey = (customerId: string, subscriptionId?: string): string =>
  subscriptionId ? `${customerId}/${subscriptionId}` : customerId;

export const combinedAcceptanceKey = (invitationId: string, customerId: string): string => `${invitationId}/${customerId}`;

export const initialState = (): PartnershipState => ({ status: 'none', associations: [], declined: [], combinedAcceptances: [] });

export const evolve = (state: PartnershipState, event: PartnershipEvent): PartnershipState => {
  switch (event.type) {
    case 'PartnershipRequested':
      return { ...state, status: 'requested' };
    case 'PartnershipAccepted':
      return { ...state, status: 'active' };
    case 'PartnershipRemoved':
      return { ...state, status: 'removed' };
    case 'ResellerAssociated':
      return { ...state, associations: [...state.associations, associationKey(event.data.customerId, event.data.subscriptionId)] };
    case 'ResellerAssociationDeclined':
      return { ...state, declined: [...state.declined, associationKey(event.data.customerId, event.data.subscriptionId)] };
    case 'CombinedInvitationConfirmed':
    case 'CombinedInvitationDeclined':
      return {
        ...state,
        combinedAcceptances: [...state.combinedAcceptances, combinedAcceptanceKey(event.data.invitationId, event.data.customerId)],
      };
    default:
      return exhaustive(event, state);
  }
};

export const partnershipStatusOf = (state: PartnershipState): PartnershipStatus => state.status;
