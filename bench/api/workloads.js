// The command workloads the API benchmarks drive: a bench partner enrolled through the API, AddCustomer
// bodies, and ChangeLicenseCount on 64 existing customers' subscriptions (round-robin); and the same
// workloads on the floor (floor-app.js: the same appends with nothing of the API around them).
'use strict';
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { devToken, startProcess } = require('../support');

/** The JWT secret the benchmarks start the API with. */
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

function customerBody(domain) {
  return {
    companyName: 'Contoso Ltd',
    primaryDomain: domain,
    address: { line1: '1 Main St', city: 'Seattle', postalCode: '98101', country: 'US' },
    primaryContact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.example' },
    agreement: { accepted: true, signerName: 'Ada Lovelace', signerEmail: 'ada@contoso.example', signedAt: '2026-01-15' },
  };
}

/**
 * Enrols a fresh direct partner on the API at `base` and adds its 64 existing customers; returns the
 * request headers and autocannon `requests` for AddCustomer and ChangeLicenseCount.
 */
async function benchPartner(base) {
  const partner = `bench-${randomUUID().slice(0, 8)}`;
  const headers = {
    authorization: `Bearer ${devToken(SECRET, { sub: 'bench-admin', role: 'GlobalAdmin', partner_id: partner })}`,
    'content-type': 'application/json',
  };
  const post = async (path, body) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = await response.json();
    if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  await post('/v1/partner', { kind: 'direct', name: 'Bench', mpnId: '1234567', country: 'US' });
  const targets = [];
  for (let i = 0; i < 64; i++) {
    const added = await post('/v1/customers', {
      ...customerBody(`existing${i}-${partner}.example`),
      subscriptions: [{ offerId: 'exchange-online-plan-1', licenseCount: 1 }],
    });
    targets.push(`/v1/customers/${added.customerId}/subscriptions/${added.subscriptionIds[0]}`);
  }
  let n = 0;
  let turn = 0;
  return {
    headers,
    addCustomer: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(customerBody(`c${n++}-${partner}.example`)) }) }],
    addCustomerKeyed: [
      {
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, 'idempotency-key': randomUUID() },
          body: JSON.stringify(customerBody(`c${n++}-${partner}.example`)),
        }),
      },
    ],
    changeLicenseCount: [
      {
        setupRequest: (req) => ({
          ...req,
          method: 'PATCH',
          path: targets[turn++ % targets.length],
          body: JSON.stringify({ licenseCount: 1 + (turn % 1000) }),
        }),
      },
    ],
  };
}

/** Starts floor-app.js on `port`; returns its process, request headers and the same workloads on its routes. */
async function startFloor(port) {
  const floor = await startProcess([join(__dirname, 'floor-app.js')], { PORT: String(port) }, /FLOOR listening/);
  let n = 0;
  let turn = 0;
  return {
    process: floor,
    headers: { 'content-type': 'application/json' },
    addCustomer: [{ setupRequest: (req) => ({ ...req, path: '/customers', body: JSON.stringify(customerBody(`floor${n++}.example`)) }) }],
    // The floor keeps no idempotency records: the keyed workload's floor is AddCustomer's.
    addCustomerKeyed: [
      { setupRequest: (req) => ({ ...req, path: '/customers', body: JSON.stringify(customerBody(`floor${n++}.example`)) }) },
    ],
    changeLicenseCount: [
      {
        setupRequest: (req) => ({
          ...req,
          method: 'PATCH',
          path: `/subscriptions/${turn++ % 64}`,
          body: JSON.stringify({ licenseCount: 1 + (turn % 1000) }),
        }),
      },
    ],
  };
}

module.exports = { SECRET, benchPartner, customerBody, startFloor };
