import { PartnershipStatus } from '../partnership/status';
import { BaseContext, PartnerRef } from '../shared/types';

/** How long a domain claim is left to its customer's creation before the creation may be abandoned. */
export const defaultClaimGraceMs = 2 * 60 * 1000;

export interface CustomerContext extends BaseContext {
  /** AbandonCustomerCreation: defaults to `defaultClaimGraceMs`. */
  readonly claimGraceMs?: number;
  /** The partner named by the command's `partnerId`, from `partner-{id}`; undefined when not enrolled. */
  readonly actingPartner?: PartnerRef;
  /**
   * Status of `partnership-{partnerId}_{reseller}` when the command names a reseller (AddCustomer's
   * `resellerId`, AddSubscription's `partnerOfRecordId`); an early refusal only, the guard is the
   * partnership stream itself.
   */
  readonly partnershipStatus?: PartnershipStatus;
}
