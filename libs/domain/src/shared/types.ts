// Events and commands are plain JSON data: `type` is the stable stored name, never a class name.
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

export interface DomainCommand<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

export type PartnerKind = 'direct' | 'indirect-provider' | 'indirect-reseller';
export const partnerKinds: readonly PartnerKind[] = ['direct', 'indirect-provider', 'indirect-reseller'];

export type PartnerRole = 'GlobalAdmin' | 'AdminAgent' | 'SalesAgent' | 'HelpdeskAgent';
export const partnerRoles: readonly PartnerRole[] = ['GlobalAdmin', 'AdminAgent', 'SalesAgent', 'HelpdeskAgent'];

export type CustomerRole = 'GlobalAdmin' | 'User';

export type Actor =
  | { readonly kind: 'partner'; readonly partnerId: string; readonly userId: string; readonly role: PartnerRole }
  | { readonly kind: 'customer'; readonly customerId: string; readonly userId: string; readonly role: CustomerRole }
  | { readonly kind: 'system'; readonly process: string };

export interface Address {
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly state?: string;
  readonly postalCode: string;
  readonly country: string;
}

export interface Contact {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone?: string;
}

/** A partner as another decision needs to see it, resolved by the caller from `partner-{id}`. */
export interface PartnerRef {
  readonly partnerId: string;
  readonly kind: PartnerKind;
}

/** Every decision gets the time from outside; lookups are added per category. */
export interface BaseContext {
  readonly now: Date;
}

// The JSDoc below is read by the event catalogue's generator: every `…At` field's schema gets its `date-time` format.
/**
 * An ISO-8601 UTC time, as `Date.prototype.toISOString` writes it.
 * @format date-time
 */
export type IsoTime = string;
