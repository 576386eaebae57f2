import { randomUUID } from 'node:crypto';
import type { ApiHarness, CallResult } from './api-harness';

export const uid = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const address = { line1: '1 Main St', city: 'Seattle', state: 'WA', postalCode: '98101', country: 'US' };
export const contact = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' };

export function newCustomerBody(domain = `${uid('c')}.example`, extra: Record<string, unknown> = {}) {
  return {
    companyName: 'Fabrikam',
    primaryDomain: domain,
    address,
    primaryContact: contact,
    agreement: { accepted: true, signerName: 'Ada Lovelace', signerEmail: 'ada@example.com', signedAt: '2026-01-15' },
    ...extra,
  };
}

export function expectStatus(result: CallResult, status: number): CallResult {
  if (result.status !== status) {
    throw new Error(`expected ${status}, got ${result.status}: ${result.text}`);
  }
  return result;
}

export async function enrol(
  h: ApiHarness,
  kind: 'direct' | 'indirect-provider' | 'indirect-reseller',
  partnerId = uid(kind.split('-').pop()!),
) {
  const token = h.partnerToken(partnerId);
  expectStatus(
    await h.call('POST', '/v1/partner', { token, body: { kind, name: `Partner ${partnerId}`, mpnId: '1234567', country: 'US' } }),
    201,
  );
  return { partnerId, token };
}

/** A new customer added by the partner (201 or the spec fails): the response body, with `customerId` and `subscriptionIds`. */
export async function addCustomer(h: ApiHarness, token: string, extra: Record<string, unknown> = {}) {
  return expectStatus(await h.call('POST', '/v1/customers', { token, body: newCustomerBody(undefined, extra) }), 201).body;
}

/** A new customer of the partner with one subscription (teams-essentials, 5 licences). */
export async function customerWithSubscription(h: ApiHarness, token: string): Promise<{ customerId: string; subscriptionId: string }> {
  const customerId = expectStatus(await h.call('POST', '/v1/customers', { token, body: newCustomerBody() }), 201).body.customerId;
  const subscriptionId = expectStatus(
    await h.call('POST', `/v1/customers/${customerId}/subscriptions`, { token, body: { offerId: 'teams-essentials', licenseCount: 5 } }),
    201,
  ).body.subscriptionId;
  return { customerId, subscriptionId };
}

/** An active provider-reseller partnership. */
export async function partnership(h: ApiHarness) {
  const provider = await enrol(h, 'indirect-provider');
  const reseller = await enrol(h, 'indirect-reseller');
  expectStatus(await h.call('POST', '/v1/indirect-resellers', { token: provider.token, body: { resellerId: reseller.partnerId } }), 201);
  expectStatus(await h.call('POST', `/v1/indirect-providers/${provider.partnerId}/accept`, { token: reseller.token }), 200);
  return { provider, reseller };
}

export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token')!;
}

/** Polls until `check` passes (the process manager works asynchronously) or the time runs out. */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}
