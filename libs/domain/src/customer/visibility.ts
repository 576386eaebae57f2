/**
 * Who may read what of a customer account, as one rule for the write-side account, the read models and the
 * API: a partner reads the account while its relationship is active, or while it is a reseller associated
 * by a provider whose relationship is active. A removed relationship reads nothing (it answers 404).
 */
export interface AccountAccess {
  /** Partners whose reseller relationship with the customer is active. */
  readonly activePartnerIds: readonly string[];
  readonly associations: readonly { readonly providerId: string; readonly resellerId: string }[];
}

export function partnersWithAccess(access: AccountAccess): string[] {
  const active = new Set(access.activePartnerIds);
  const associated = access.associations.filter((a) => active.has(a.providerId)).map((a) => a.resellerId);
  return [...new Set([...active, ...associated])].sort();
}

export function mayReadAccount(access: AccountAccess, partnerId: string): boolean {
  return (
    access.activePartnerIds.includes(partnerId) ||
    access.associations.some((a) => a.resellerId === partnerId && access.activePartnerIds.includes(a.providerId))
  );
}

/**
 * A partner sees the subscriptions it sells, is partner of record of, or supports, and a reseller also those its
 * providers sell to a customer they associated it with (`associatedBy`: those providers); never another seller's.
 */
export function maySeeSubscription(
  subscription: { readonly partnerId: string; readonly partnerOfRecordId?: string | null; readonly supportContactId: string },
  partnerId: string,
  associatedBy: readonly string[] = [],
): boolean {
  return (
    subscription.partnerId === partnerId ||
    subscription.partnerOfRecordId === partnerId ||
    subscription.supportContactId === partnerId ||
    associatedBy.includes(subscription.partnerId)
  );
}

/** The providers, each with an active relationship, that associated this reseller with the customer. */
export function providersAssociating(access: AccountAccess, resellerId: string): string[] {
  return access.associations
    .filter((a) => a.resellerId === resellerId && access.activePartnerIds.includes(a.providerId))
    .map((a) => a.providerId);
}
