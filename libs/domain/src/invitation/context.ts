import { CustomerLookup } from '../customer/lookup';
import { PartnershipStatus } from '../partnership/status';
import { BaseContext, PartnerRef } from '../shared/types';

export interface InvitationContext extends BaseContext {
  /** Requests: the inviting partner, from `partner-{partnerId}`; undefined when not enrolled. */
  readonly actingPartner?: PartnerRef;
  /** RequestCombinedRelationship: the provider named by `providerId`; undefined when not enrolled. */
  readonly provider?: PartnerRef;
  /**
   * Combined invitations (request and acceptance): status of `partnership-{providerId}_{partnerId}`.
   */
  readonly partnershipStatus?: PartnershipStatus;
  /** AcceptInvitation: the accepting customer; undefined when it has no customer stream yet. */
  readonly customer?: CustomerLookup;
}
