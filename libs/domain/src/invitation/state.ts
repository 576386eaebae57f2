import { Service } from '../catalogue';
import { exhaustive } from '../shared/exhaustive';
import { InvitationEvent, InvitationKind } from './events';

export type InvitationStatus = 'open' | 'revoked' | 'expired';

export type InvitationState =
  | { readonly status: 'none' }
  | {
      readonly status: InvitationStatus;
      readonly invitationId: string;
      readonly partnerId: string;
      readonly kind: InvitationKind;
      readonly providerId?: string;
      readonly includeAdminPermissions: boolean;
      readonly services: readonly Service[];
      readonly tokenHash: string;
      readonly expiresAt: string;
      /** One link, several customers, each once. */
      readonly acceptedBy: readonly string[];
    };

export type ExistingInvitation = Exclude<InvitationState, { status: 'none' }>;

export const initialState = (): InvitationState => ({ status: 'none' });

export const evolve = (state: InvitationState, event: InvitationEvent): InvitationState => {
  if (event.type === 'RelationshipRequested') {
    const { invitationId, partnerId, kind, providerId, includeAdminPermissions, services, tokenHash, expiresAt } = event.data;
    return {
      status: 'open',
      invitationId,
      partnerId,
      kind,
      ...(providerId ? { providerId } : {}),
      includeAdminPermissions,
      services,
      tokenHash,
      expiresAt,
      acceptedBy: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'InvitationAccepted':
      return { ...state, acceptedBy: [...state.acceptedBy, event.data.customerId] };
    case 'InvitationRevoked':
      return { ...state, status: 'revoked' };
    case 'InvitationExpired':
      return state.status === 'open' ? { ...state, status: 'expired' } : state;
    default:
      return exhaustive(event, state);
  }
};
