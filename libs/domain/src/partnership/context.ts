import { BaseContext, PartnerRef } from '../shared/types';

export interface PartnershipContext extends BaseContext {
  /** RequestPartnership: the provider and the reseller, from their partner streams; undefined when not enrolled. */
  readonly provider?: PartnerRef;
  readonly reseller?: PartnerRef;
}
