import { BaseContext } from '../shared/types';

export interface CustomerDomainContext extends BaseContext {
  /**
   * Resolved by the caller only after a claim by another customer was found: whether that customer's
   * creation was abandoned (`CustomerCreationAbandoned` on its stream). Without it (or for another
   * customer id) the claim stands.
   */
  readonly claimant?: { readonly customerId: string; readonly abandoned: boolean };
}
