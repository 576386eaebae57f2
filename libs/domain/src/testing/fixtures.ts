import { AddCustomer } from '../customer/commands';
import { PartnerRef } from '../shared/types';

// Shared data for the decider specs: a moment, and one partner of each kind.
export const now = new Date('2026-03-01T10:00:00.000Z');
export const at = now.toISOString();

export const direct: PartnerRef = { partnerId: 'direct-1', kind: 'direct' };
export const provider: PartnerRef = { partnerId: 'provider-1', kind: 'indirect-provider' };
export const reseller: PartnerRef = { partnerId: 'reseller-1', kind: 'indirect-reseller' };
export const otherProvider: PartnerRef = { partnerId: 'provider-2', kind: 'indirect-provider' };

export const tokenHash = 'a'.repeat(64);

export const addCustomerData = (overrides: Partial<AddCustomer['data']> = {}): AddCustomer['data'] => ({
  customerId: 'customer-1',
  partnerId: provider.partnerId,
  companyName: 'Contoso Ltd',
  primaryDomain: 'contoso.example',
  address: { line1: '1 Main Street', city: 'Springfield', postalCode: '12345', country: 'US' },
  primaryContact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.example' },
  agreement: {
    accepted: true,
    signerName: 'Ada Lovelace',
    signerEmail: 'ada@contoso.example',
    signedAt: '2026-02-28T09:00:00.000Z',
    attestedBy: 'user-1',
  },
  adminUserName: 'admin@contoso.example',
  ...overrides,
});
