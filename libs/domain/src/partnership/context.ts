import { CustomerLookup } from '../customer/lookup';
import { BaseContext, PartnerRef } from '../shared/types';

export interface PartnershipContext extends BaseContext {
  /** RequestPartnership: the provider and the reseller, from their partner streams; undefined when not enrolled. */
  readonly provider?: PartnerRef;
  readonly reseller?: PartnerRef;
  /** AssociateResellerWith…: the customer named by the command; undefined when it does not exist. */
  readonly customer?: CustomerLookup;
}
