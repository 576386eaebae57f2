export * from './shared/types';
export * from './shared/domain-name';
export * from './errors';
export * from './stream-names';
export * from './catalogue';
export * from './roles';
export * from './commands';
export * from './events';

export * from './partner/events';
export * from './partner/commands';
export * from './partner/context';

export * from './customer/events';
export * from './customer/commands';
export * from './customer/context';
export * from './customer/lookup';

export * from './customer-domain/events';
export * from './customer-domain/commands';
export * from './customer-domain/context';

export * from './invitation/events';
export * from './invitation/commands';
export * from './invitation/context';

export * from './partnership/events';
export * from './partnership/commands';
export * from './partnership/context';
export * from './partnership/status';

export * from './process/follow-up';

export * from './shared/decider';
export { partnerDecider, toPartnerRef } from './partner';
export type { PartnerState } from './partner';
export { customerDecider, toCustomerLookup, maxLicenseCount } from './customer';
export type { Association, CustomerState, ExistingCustomer, Relationship, Subscription } from './customer';
export { customerDomainDecider } from './customer-domain';
export type { CustomerDomainState } from './customer-domain';
export { invitationDecider, refusalOf, defaultEmailDraft, defaultExpiryDays, maxExpiryDays, maxEmailDraftLength } from './invitation';
export type { ExistingInvitation, InvitationState, InvitationStatus } from './invitation';
export { partnershipDecider, partnershipStatusOf } from './partnership';
export type { PartnershipState } from './partnership';
export { react, reactsTo } from './process/react';
export * from './upcasters';
export * from './legacy-events';
export * from './audit/concerns';
