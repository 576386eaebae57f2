import { DomainCommand } from '../shared/types';

export type ClaimCustomerDomain = DomainCommand<'ClaimCustomerDomain', { domain: string; customerId: string }>;

export type CustomerDomainCommand = ClaimCustomerDomain;
