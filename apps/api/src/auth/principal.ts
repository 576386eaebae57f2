import { ProblemException, problem } from '../http/problem';
import { partnerRoles, type Actor, type CommandName, type CustomerRole, type PartnerRef, type PartnerRole } from '@app/domain';

/**
 * Who is calling, as the verified token says, and the correlation id of the request they call in (X-Correlation-Id, a
 * W3C traceparent's trace id, else the request id), which the events their commands append carry: an auditor goes
 * from an event to the log lines of its request and back. Without one (specs, tools) each command is its own.
 * `authorized` is the command the permission guard found this request's caller may issue, with the partner it checked
 * (`CommandRunner.authorize` does not check the same command twice in one request).
 */
export type Principal = (
  | { kind: 'partner'; partnerId: string; userId: string; role: PartnerRole }
  | { kind: 'customer'; customerId: string; userId: string; role: CustomerRole }
) & { readonly correlationId?: string; readonly authorized?: { readonly command: CommandName; readonly partner?: PartnerRef } };

export type PartnerPrincipal = Extract<Principal, { kind: 'partner' }>;
export type CustomerPrincipal = Extract<Principal, { kind: 'customer' }>;

/**
 * A reader of history, state and exports, never a writer: `Auditor` for one partner's relationships,
 * `PlatformAuditor` for the whole log (the operator's compliance team). Not a `Principal`, so no command
 * path can take one.
 */
export type AuditorPrincipal =
  { kind: 'auditor'; role: 'Auditor'; partnerId: string; userId: string } | { kind: 'auditor'; role: 'PlatformAuditor'; userId: string };
export type AuditorRole = AuditorPrincipal['role'];
export const AUDITOR_ROLES: readonly AuditorRole[] = ['Auditor', 'PlatformAuditor'];

/** Whoever a verified token names. */
export type AnyPrincipal = Principal | AuditorPrincipal;

export const PARTNER_ROLES: readonly PartnerRole[] = partnerRoles;
export const CUSTOMER_ROLES: readonly CustomerRole[] = ['GlobalAdmin', 'User'];

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'partner'
    ? { kind: 'partner', partnerId: principal.partnerId, userId: principal.userId, role: principal.role }
    : { kind: 'customer', customerId: principal.customerId, userId: principal.userId, role: principal.role };
}

/** The tenant a principal acts for: what rate limits and idempotency keys are counted and kept under. */
export function tenantOf(principal: AnyPrincipal): string {
  switch (principal.kind) {
    case 'partner':
      return `partner:${principal.partnerId}`;
    case 'customer':
      return `customer:${principal.customerId}`;
    case 'auditor':
      return principal.role === 'Auditor' ? `auditor:${principal.partnerId}` : `auditor:platform:${principal.userId}`;
  }
}

/** The principal a command is issued by: auditors read, so a command route refuses them (fail closed). */
export function writerOf(principal: AnyPrincipal): Principal {
  if (principal.kind === 'auditor')
    throw new ProblemException(problem(403, 'FORBIDDEN', 'Auditors may not issue commands.', { field: 'Authorization' }));
  return principal;
}
