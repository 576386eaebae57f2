import { partnerRoles, type Actor, type CustomerRole, type PartnerRole } from '@app/domain';

/** Who is calling, as the verified token says. */
export type Principal =
  | { kind: 'partner'; partnerId: string; userId: string; role: PartnerRole }
  | { kind: 'customer'; customerId: string; userId: string; role: CustomerRole };

export type PartnerPrincipal = Extract<Principal, { kind: 'partner' }>;
export type CustomerPrincipal = Extract<Principal, { kind: 'customer' }>;

export const PARTNER_ROLES: readonly PartnerRole[] = partnerRoles;
export const CUSTOMER_ROLES: readonly CustomerRole[] = ['GlobalAdmin', 'User'];

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'partner'
    ? { kind: 'partner', partnerId: principal.partnerId, userId: principal.userId, role: principal.role }
    : { kind: 'customer', customerId: principal.customerId, userId: principal.userId, role: principal.role };
}
