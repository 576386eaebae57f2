import { PartnershipStatus } from '../partnership/status';
import { BaseContext, PartnerRef } from '../shared/types';

export interface CustomerContext extends BaseContext {
  /** The partner named by the command's `partnerId`, from `partner-{id}`; undefined when not enrolled. */
  readonly actingPartner?: PartnerRef;
  /**
   * Status of `partnership-{partnerId}_{reseller}` when the command names a reseller (AddCustomer's
   * `resellerId`, AddSubscription's `partnerOfRecordId`); an early refusal only, the guard is the
   * partnership stream itself.
   */
  readonly partnershipStatus?: PartnershipStatus;
}
