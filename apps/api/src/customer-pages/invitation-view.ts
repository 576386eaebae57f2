import { timingSafeEqual } from 'node:crypto';
import { isValidId, streamName, type Service } from '@app/domain';
import { customerDecider } from '@app/domain/customer';
import { invitationDecider, type ExistingInvitation } from '@app/domain/invitation';
import { partnerDecider } from '@app/domain/partner';
import type { AggregateStore } from '@app/event-store';
import { hashInvitationToken } from '../request-relationship/invitation-token';

export interface PartnerCard {
  readonly name: string;
  readonly mpnId: string;
}

/** What the link's page may show: only after the token matched, anything about the invitation at all. */
export type InvitationView =
  | { readonly status: 'invalid' }
  | { readonly status: 'expired' | 'revoked' | 'accepted' }
  | {
      readonly status: 'open';
      readonly partner: PartnerCard;
      readonly provider?: PartnerCard;
      readonly includeAdminPermissions: boolean;
      readonly services: readonly Service[];
      readonly expiresAt: string;
    };

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * The invitation behind a link, read from its stream like every single-aggregate read. An unknown invitation and
 * a wrong token look the same, so the page never says whether an invitation exists.
 */
export async function viewInvitation(
  aggregates: AggregateStore,
  invitationId: string,
  token: unknown,
  customerId: string | undefined,
  now = new Date(),
): Promise<InvitationView> {
  if (!isValidId(invitationId) || typeof token !== 'string' || !tokenPattern.test(token)) return { status: 'invalid' };
  const { state } = await aggregates.read(streamName.invitation(invitationId), invitationDecider);
  if (state.status === 'none' || !tokenMatches(state, token)) return { status: 'invalid' };
  if (customerId && state.acceptedBy.includes(customerId)) return { status: 'accepted' };
  if (state.status === 'revoked') return { status: 'revoked' };
  if (state.status === 'expired' || now.getTime() >= Date.parse(state.expiresAt)) return { status: 'expired' };
  const partner = await partnerCard(aggregates, state.partnerId);
  const provider = state.providerId ? await partnerCard(aggregates, state.providerId) : undefined;
  return {
    status: 'open',
    partner,
    ...(provider ? { provider } : {}),
    includeAdminPermissions: state.includeAdminPermissions,
    services: state.services,
    expiresAt: state.expiresAt,
  };
}

/** Whether the signed-in customer is known yet (if not, accepting registers it). */
export async function customerExists(aggregates: AggregateStore, customerId: string): Promise<boolean> {
  if (!isValidId(customerId)) return false;
  const { state } = await aggregates.read(streamName.customer(customerId), customerDecider);
  return state.status === 'exists';
}

function tokenMatches(state: ExistingInvitation, token: string): boolean {
  const presented = Buffer.from(hashInvitationToken(token), 'hex');
  const stored = Buffer.from(state.tokenHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

async function partnerCard(aggregates: AggregateStore, partnerId: string): Promise<PartnerCard> {
  const { state } = await aggregates.read(streamName.partner(partnerId), partnerDecider);
  return state.status === 'enrolled' ? { name: state.name, mpnId: state.mpnId } : { name: partnerId, mpnId: '—' };
}
