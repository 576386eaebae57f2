import type { CustomerState, Service } from '@app/domain';
import { maySeeSubscription } from '@app/domain/customer';

/** A customer's relationships as of a moment, as an auditor reads them. */
export interface CustomerStateView {
  /** `none` before the customer was created (or when only an abandoned creation was recorded). */
  readonly status: 'none' | 'exists';
  readonly companyName?: string;
  readonly primaryDomain?: string;
  readonly relationships: {
    readonly partnerId: string;
    readonly status: 'active' | 'removed';
    readonly origin: string;
    readonly establishedAt: string;
    readonly removedAt?: string;
    readonly invitationId?: string;
  }[];
  readonly adminPermissions: { readonly service: Service; readonly partnerId: string }[];
  readonly associations: { readonly providerId: string; readonly resellerId: string }[];
  readonly subscriptions: {
    readonly subscriptionId: string;
    readonly offerId: string;
    readonly service: Service;
    readonly licenseCount: number;
    readonly partnerId: string;
    readonly partnerOfRecordId: string | null;
    readonly supportContactId: string;
  }[];
}

const byText =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/**
 * The view of a folded customer state, whole (`partnerId` undefined: a platform auditor) or one partner's part: its
 * relationship, the admin permissions it holds, the associations it is a side of, and the subscriptions it sells,
 * is partner of record of, or supports. Lists are sorted by their ids, so two folds of the same events read alike.
 */
export function customerStateView(state: CustomerState, partnerId?: string): CustomerStateView {
  if (state.status !== 'exists') return { status: 'none', relationships: [], adminPermissions: [], associations: [], subscriptions: [] };
  const mine = (id: string | undefined) => partnerId === undefined || id === partnerId;
  return {
    status: 'exists',
    companyName: state.companyName,
    primaryDomain: state.primaryDomain,
    relationships: Object.values(state.relationships)
      .filter((r) => mine(r.partnerId))
      .map((r) => ({
        partnerId: r.partnerId,
        status: r.active ? ('active' as const) : ('removed' as const),
        origin: r.origin,
        establishedAt: r.establishedAt,
        ...(r.removedAt === undefined ? {} : { removedAt: r.removedAt }),
        ...(r.invitationId === undefined ? {} : { invitationId: r.invitationId }),
      }))
      .sort(byText((r) => r.partnerId)),
    adminPermissions: (Object.entries(state.adminHolders) as [Service, string][])
      .map(([service, holder]) => ({ service, partnerId: holder }))
      .filter((a) => mine(a.partnerId))
      .sort(byText((a) => a.service)),
    associations: state.associations
      .filter((a) => mine(a.providerId) || mine(a.resellerId))
      .map((a) => ({ providerId: a.providerId, resellerId: a.resellerId })),
    subscriptions: Object.values(state.subscriptions)
      .filter((s) => partnerId === undefined || maySeeSubscription(s, partnerId))
      .map((s) => ({
        subscriptionId: s.subscriptionId,
        offerId: s.offerId,
        service: s.service,
        licenseCount: s.licenseCount,
        partnerId: s.partnerId,
        partnerOfRecordId: s.partnerOfRecordId ?? null,
        supportContactId: s.supportContactId,
      }))
      .sort(byText((s) => s.subscriptionId)),
  };
}
