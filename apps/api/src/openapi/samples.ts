import { mapOf, optional, orNull } from './answers.decorator';

// Sample answers shared by several operations (`@Answers`); each is what the API answered in a seed scenario.

const address = {
  line1: '1 Main St',
  line2: optional('Suite 100'),
  city: 'Seattle',
  state: optional('WA'),
  postalCode: '98101',
  country: 'US',
};
const contact = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.example', phone: optional('+1 206 555 0100') };

/** A customer as its stream holds it (`GET /v1/customers/{id}`, `GET /v1/customer`), trimmed to what the caller may see. */
/** One subscription as both the customer's state and its account view show it. */
export const subscriptionSample = {
  subscriptionId: 's-1',
  offerId: 'exchange-online-plan-1',
  licenseCount: 25,
  partnerId: 'p-fabrikam',
  partnerOfRecordId: optional('p-contoso-resell'),
  supportContactId: optional('p-fabrikam'),
};

/** An enrolled partner, as its GET answers and its enrolment returns it. */
export const enrolledPartnerSample = {
  status: 'enrolled',
  partnerId: 'p-fabrikam',
  kind: 'indirect-provider',
  name: 'Fabrikam Distribution',
  mpnId: '1234567',
  country: 'US',
};

export const customerSample = {
  status: 'exists',
  customerId: 'c-contoso',
  companyName: 'Contoso',
  primaryDomain: 'contoso.example',
  relationships: mapOf('p-fabrikam', {
    partnerId: 'p-fabrikam',
    origin: 'added',
    active: true,
    establishedAt: '2026-03-01T10:00:00.000Z',
    removedAt: optional('2026-04-01T10:00:00.000Z'),
  }),
  adminHolders: mapOf('exchange', 'p-fabrikam'),
  associations: [{ providerId: 'p-fabrikam', resellerId: 'p-contoso-resell' }],
  subscriptions: mapOf('s-1', subscriptionSample),
  address,
  primaryContact: contact,
  agreement: optional({
    signerName: 'Ada Lovelace',
    signerEmail: 'ada@contoso.example',
    signedAt: '2026-01-15T00:00:00.000Z',
    attestedBy: 'u-fabrikam-admin',
  }),
};

/** One partner of a customer (`GET /v1/customers/{id}/partners`, `GET /v1/customer/partners`). */
export const customerPartnerSample = {
  partnerId: 'p-fabrikam',
  name: orNull('Fabrikam Distribution'),
  kind: orNull('indirect-provider'),
  relationship: 'active',
  origin: orNull('added'),
  establishedAt: orNull('2026-03-01T10:00:00.000Z'),
  removedAt: orNull('2026-04-01T10:00:00.000Z'),
  associatedBy: orNull('p-fabrikam'),
  adminServices: ['exchange'],
};

/** A provider-reseller partnership as one side lists it (`GET /v1/indirect-resellers`, `/v1/indirect-providers`). */
export const partnershipViewSample = {
  name: orNull('Contoso Resellers'),
  mpnId: orNull('7654321'),
  status: 'active',
  requestedAt: '2026-03-01T10:00:00.000Z',
  acceptedAt: orNull('2026-03-01T11:00:00.000Z'),
  removedAt: orNull('2026-04-01T10:00:00.000Z'),
};

/** A webhook registration (`/v1/webhooks`); never its secret, which only creation and rotation answer. */
export const webhookSample = {
  id: '0f8a6c1e-3b7d-4f2a-9c55-8e1d2a7b6c40',
  url: 'https://hooks.contoso.example/csp',
  eventTypes: ['RelationshipRemoved'],
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  previousSecretExpiresAt: optional('2026-03-02T10:00:00.000Z'),
};

export const webhookWithSecretSample = { ...webhookSample, secret: 'whsec_MfKQ9r8GKYqrTAmTHZ6Yxq7Iqsb0y0Gd' };
