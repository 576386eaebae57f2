// The history both audit benchmarks run on: the read-model benchmark's generated history with one customer whose
// 1,000 events are spread over the whole log, each event with the chain link the command path writes. Generated into
// a scratch store, or, with BENCH_DATA_DIR, once into BENCH_DATA_DIR/audit-<events> and reused by every later run
// (appending 1,000,000 events takes many minutes; reading them back is what the benchmarks measure).
'use strict';
const { randomUUID } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { EventStoreDBClient } = require('@eventstore/db-client');
const { historyOptions } = require('../read-models/history-options');
const { appendHistory } = require('../read-models/history-to-store');
const { startStore } = require('./servers');

const root = resolve(__dirname, '../..');
const rm = require(join(root, 'dist/libs/read-models/src'));
const { chainLink } = require(join(root, 'dist/libs/event-store/src/hash-chain'));
const { currentSchemaVersion } = require(join(root, 'dist/libs/domain/src'));
const HEAVY_EVENTS = 1000;
const HEAVY = 'c-audit-heavy';

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const log = (line) => process.stderr.write(`${line}\n`);

/** Metadata as the command path writes it: one chain per stream, linked from its previous event. */
function chainedMetadata() {
  const heads = new Map();
  return (event) => {
    const head = heads.get(event.streamId) ?? { revision: -1, hash: null };
    const base = {
      schemaVersion: currentSchemaVersion(event.type),
      actor: { kind: 'system', process: 'bench' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      command: 'Bench',
    };
    const revision = head.revision + 1;
    const chain = chainLink({ prev: head.hash, streamName: event.streamId, revision, type: event.type, data: event.data, metadata: base });
    heads.set(event.streamId, { revision, hash: chain.hash });
    return { ...base, chain };
  };
}

/** The heavy customer's events: created, then relationships removed and re-established, admin permissions reassigned, licenses and partners of record changed. */
function* heavyCustomer() {
  const at = () => new Date().toISOString();
  const streamId = `customer-${HEAVY}`;
  const data = { customerId: HEAVY };
  yield {
    type: 'CustomerAdded',
    streamId,
    data: {
      ...data,
      partnerId: 'provider-big',
      companyName: 'Heavy Ltd',
      primaryDomain: 'heavy.example',
      adminUserName: 'admin@heavy.example',
      addedAt: at(),
    },
  };
  yield { type: 'RelationshipEstablished', streamId, data: { ...data, partnerId: 'provider-big', origin: 'added', establishedAt: at() } };
  yield {
    type: 'SubscriptionAdded',
    streamId,
    data: {
      ...data,
      subscriptionId: 's-heavy',
      offerId: 'o',
      service: 'exchange',
      licenseCount: 1,
      partnerId: 'provider-big',
      supportContactId: 'provider-big',
      addedAt: at(),
    },
  };
  for (let i = 3; i < HEAVY_EVENTS; i++) {
    const partnerId = `direct-${i % 7}`;
    switch (i % 5) {
      case 0:
        yield { type: 'RelationshipEstablished', streamId, data: { ...data, partnerId, origin: 'invitation', establishedAt: at() } };
        break;
      case 1:
        yield {
          type: 'AdminPermissionsGranted',
          streamId,
          data: { ...data, partnerId, service: 'exchange', via: 'reassignment', grantedAt: at() },
        };
        break;
      case 2:
        yield {
          type: 'LicenseCountChanged',
          streamId,
          data: {
            ...data,
            subscriptionId: 's-heavy',
            partnerId: 'provider-big',
            previousLicenseCount: i - 1,
            licenseCount: i,
            changedAt: at(),
          },
        };
        break;
      case 3:
        yield {
          type: 'PartnerOfRecordAssigned',
          streamId,
          data: { ...data, subscriptionId: 's-heavy', providerId: 'provider-big', partnerId: `reseller-${i % 11}`, assignedAt: at() },
        };
        break;
      default:
        yield {
          type: 'RelationshipRemoved',
          streamId,
          data: {
            ...data,
            partnerId,
            reason: 'contract ended',
            goodFaithConfirmed: true,
            noticeResponsibilityConfirmed: true,
            removedBy: 'u',
            removedAt: at(),
          },
        };
    }
  }
}

/** The generated history with the heavy customer's events spread evenly through it. */
function* auditHistory(events) {
  const heavy = heavyCustomer();
  const every = Math.max(1, Math.floor(events / HEAVY_EVENTS));
  let n = 0;
  for (const event of rm.generateHistory(historyOptions(events))) {
    yield event;
    if (++n % every === 0) {
      const next = heavy.next();
      if (!next.done) yield next.value;
    }
  }
  yield* heavy;
}

/**
 * The store holding the audit history of `events` generated events, started and filled (or reused when BENCH_DATA_DIR
 * already holds it), with a client on it; `dataDir` is where a kept API may keep its own data (undefined: scratch).
 */
async function openHistoryStore(events) {
  const kept = process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR, `audit-${events}`) : undefined;
  const marker = kept && join(kept, 'appended.json');
  if (kept) mkdirSync(join(kept, 'store'), { recursive: true });
  const store = await startStore(kept && join(kept, 'store'));
  const client = EventStoreDBClient.connectionString(store.url);
  const close = async () => (await client.dispose(), await store.stop());
  try {
    if (marker && existsSync(marker)) {
      const { appended, last } = JSON.parse(readFileSync(marker, 'utf8'));
      log(`reusing ${fmt(appended)} events in ${kept}`);
      return { store, client, close, appended, last: BigInt(last), apiDataDir: join(kept, 'api') };
    }
    log(
      `history: ${fmt(events)} generated events (${fmt(historyOptions(events).customers)} customers) + ${HEAVY_EVENTS} of ${HEAVY}, each with its chain link`,
    );
    const started = Date.now();
    let lastLog = 0;
    const { appended, last } = await appendHistory(client, auditHistory(events), {
      inFlight: 16,
      metadataOf: chainedMetadata(),
      onProgress: (n) => {
        if (Date.now() - lastLog <= 10_000) return;
        lastLog = Date.now();
        log(`  appended ${fmt(n)}`);
      },
    });
    log(`appended ${fmt(appended)} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (marker) writeFileSync(marker, JSON.stringify({ appended, last: String(last) }));
    return { store, client, close, appended, last, apiDataDir: kept && join(kept, 'api') };
  } catch (error) {
    await close();
    throw error;
  }
}

module.exports = { HEAVY, HEAVY_EVENTS, openHistoryStore };
