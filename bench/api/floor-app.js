// The floor under the command API: bare Fastify (no Nest, no validation, no auth, no hash chain, no
// projector) in front of the same embedded durable store in a worker thread and the same official client,
// doing exactly the appends the API's commands do. No command API on this stack can beat it.
//   POST  /customers          AddCustomer's two appends: the domain claim, then the customer (both no-stream)
//   POST  /invitations        RequestRelationship's one append: a new invitation stream (no-stream)
//   PATCH /subscriptions/:i   ChangeLicenseCount's one append on one of 64 existing streams (exact revision)
'use strict';
const { randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { EventStoreDBClient, jsonEvent, NO_STREAM } = require('@eventstore/db-client');
const Fastify = require('fastify');
const { startEventStoreServerInWorker } = require(resolve(__dirname, '../../dist/libs/eventstore-server/src'));

const metadata = () => ({
  actor: { kind: 'partner', partnerId: 'floor', userId: 'floor', role: 'GlobalAdmin' },
  correlationId: randomUUID(),
  causationId: randomUUID(),
});

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  const store = await startEventStoreServerInWorker({ dataDir });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  const revisions = [];
  for (let i = 0; i < 64; i++) {
    const result = await client.appendToStream(
      `customer-floor-${i}`,
      jsonEvent({ type: 'CustomerAdded', data: { i }, metadata: metadata() }),
      { expectedRevision: NO_STREAM },
    );
    revisions.push(result.nextExpectedRevision);
  }

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.post('/customers', async (request, reply) => {
    const customerId = randomUUID();
    const body = request.body;
    await client.appendToStream(
      `customerdomain-${body.primaryDomain}`,
      jsonEvent({ type: 'CustomerDomainClaimed', data: { domain: body.primaryDomain, customerId }, metadata: metadata() }),
      { expectedRevision: NO_STREAM },
    );
    const added = await client.appendToStream(
      `customer-${customerId}`,
      jsonEvent({ type: 'CustomerAdded', data: { customerId, ...body }, metadata: metadata() }),
      { expectedRevision: NO_STREAM },
    );
    reply.code(201).header('etag', `"${added.nextExpectedRevision}"`);
    return { customerId, temporaryPassword: randomUUID() };
  });
  app.post('/invitations', async (request, reply) => {
    const invitationId = randomUUID();
    const requested = await client.appendToStream(
      `invitation-${invitationId}`,
      jsonEvent({ type: 'RelationshipRequested', data: { invitationId, ...request.body }, metadata: metadata() }),
      { expectedRevision: NO_STREAM },
    );
    reply.code(201).header('etag', `"${requested.nextExpectedRevision}"`);
    return { invitationId, link: `https://example.test/invite/${randomUUID()}` };
  });
  app.patch('/subscriptions/:i', async (request, reply) => {
    const i = Number(request.params.i) % 64;
    const changed = await client.appendToStream(
      `customer-floor-${i}`,
      jsonEvent({
        type: 'LicenseCountChanged',
        data: { subscriptionId: String(i), licenseCount: request.body.licenseCount },
        metadata: metadata(),
      }),
      { expectedRevision: revisions[i] },
    );
    revisions[i] = changed.nextExpectedRevision;
    reply.header('etag', `"${changed.nextExpectedRevision}"`);
    return { licenseCount: request.body.licenseCount };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.stdout.write(`FLOOR listening on ${process.env.PORT}\n`);
  process.on('SIGTERM', async () => {
    await app.close();
    await client.dispose();
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
