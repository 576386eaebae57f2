import type { EventStoreDBClient } from '@eventstore/db-client';
import type { Kysely } from 'kysely';
import { EsdbEventSource } from '@app/read-models';
import { secretInDataDir } from '../infrastructure/data-dir-secret';
import { databaseOfItsOwn } from '../infrastructure/database-of-its-own';
import { DeliveryWorker } from './delivery/delivery-worker';
import { HttpSender, systemResolve } from './delivery/http-sender';
import { OutboxFiller } from './outbox/outbox-filler';
import { OutboxStore } from './outbox/outbox-store';
import { RegistrationStore } from './registrations/registration-store';
import { SecretCipher } from './registrations/secret-cipher';
import type { WebhookConfig } from './webhook-config';
import { WebhookService } from './webhook-service';
import { migrateWebhookTables } from './webhook-tables';

export interface Webhooks {
  readonly service: WebhookService;
  /** Starts filling the outbox and delivering (unless WEBHOOK_DELIVERY=off). */
  start(): void;
  stop(): Promise<void>;
}

/** On SQLite, the webhooks' tables (`databaseOfItsOwn`); the outbox and its checkpoint still share each transaction. */
export const WEBHOOKS_SQLITE_FILE = 'webhooks.sqlite';

/** A lease outlasts the longest attempt by this much, so a live holder never loses one mid-attempt. */
const LEASE_MARGIN_MS = 5_000;

export async function openWebhooks(options: {
  config: WebhookConfig;
  /** The read-model database: the webhooks' tables are there on PostgreSQL. */
  db: Kysely<any>;
  databaseUrl?: string;
  client: EventStoreDBClient;
  dataDir: string;
  /** The CloudEvents `source` of every payload. */
  source: () => string;
  onError: (what: string, error: Error) => void;
}): Promise<Webhooks> {
  const { config } = options;
  const own = databaseOfItsOwn({ ...options, file: WEBHOOKS_SQLITE_FILE });
  const { db } = own;
  await migrateWebhookTables(db);
  const serverKey = config.secretKey ? Buffer.from(config.secretKey, 'utf8') : secretInDataDir(options.dataDir, 'webhook-secret-key');
  const registrations = new RegistrationStore(db, new SecretCipher(serverKey));
  const outbox = new OutboxStore(db);
  const log = new EsdbEventSource(options.client);
  const sender = new HttpSender({ timeoutMs: config.timeoutMs, allowPrivateTargets: config.allowPrivateTargets });
  const worker =
    config.delivery === 'on'
      ? new DeliveryWorker(outbox, registrations, sender, {
          maxAttempts: config.maxAttempts,
          retry: { baseMs: config.retryBaseMs, maxMs: config.retryMaxMs },
          concurrency: config.concurrency,
          pollMs: config.pollMs,
          leaseMs: config.timeoutMs + LEASE_MARGIN_MS,
          retentionMs: config.retentionMs,
          onError: (error) => options.onError('delivery', error),
        })
      : undefined;
  const filler =
    config.delivery === 'on'
      ? new OutboxFiller(db, log, {
          cloudEventSource: options.source,
          idlePollMs: config.pollMs,
          onFilled: () => worker?.wake(),
          onError: (error) => options.onError('outbox', error),
        })
      : undefined;
  const service = new WebhookService(
    registrations,
    outbox,
    log,
    {
      allowPrivateTargets: config.allowPrivateTargets,
      secretOverlapMs: config.secretOverlapMs,
      cloudEventSource: options.source,
      resolve: systemResolve,
    },
    worker,
  );
  return {
    service,
    start() {
      filler?.start();
      worker?.start();
    },
    async stop() {
      await filler?.stop();
      await worker?.stop();
      sender.close();
      await own.close();
    },
  };
}
