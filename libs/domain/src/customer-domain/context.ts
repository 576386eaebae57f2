import { BaseContext } from '../shared/types';

/** How long a claim is left to its customer before another customer may take the domain over. */
export const defaultClaimGraceMs = 2 * 60 * 1000;

export interface CustomerDomainContext extends BaseContext {
  /**
   * Resolved by the caller only after a claim by another customer was found: whether that customer's
   * stream exists. Without it (or for another customer id) the claim stands.
   */
  readonly claimant?: { readonly customerId: string; readonly exists: boolean };
  /** Defaults to `defaultClaimGraceMs`. */
  readonly claimGraceMs?: number;
}
