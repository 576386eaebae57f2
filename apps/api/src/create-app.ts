import { join } from 'node:path';
import { Logger, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { apiModule } from './app.module';
import { listeningUrl, type AppConfig } from './config';
import { DtoValidationPipe } from './http/validation.pipe';
import { InFlightRequests } from './http/in-flight-requests';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors';
import { registerJsonBody } from './http/json-body';
import { ProblemFilter, sendProblem } from './http/problem.filter';
import { problem } from './http/problem';
import { rateLimitKeyFor } from './http/rate-limit-key';
import { RateLimiter } from './http/rate-limiter';
import { addSecurityHeaders } from './http/security-headers';
import { TokenVerifier } from './auth/token-verifier';
import { IdempotencyService } from './idempotency/idempotency.service';
import { IDEMPOTENCY_SQLITE_FILE, IdempotencyStore } from './idempotency/idempotency-store';
import { idempotencySecret } from './idempotency/idempotency-secret';
import { ResponseCipher } from './idempotency/response-cipher';
import { openResources, type Resources } from './infrastructure/resources';
import { databaseOfItsOwn, type OwnDatabase } from './infrastructure/database-of-its-own';
import { setupOpenApi } from './openapi/openapi';
import { migrateReadModels, type Projector } from '@app/read-models';
import { startInlineProjectorThread } from './infrastructure/inline-projector';
import { createRelationshipProcess } from './process-manager/relationship-process';
import { InvitationExpirySweep } from './process-manager/invitation-expiry-sweep';
import type { FollowUp } from '@app/domain';
import type { ProcessManager } from '@app/event-store';
import { openWebhooks } from './webhooks/webhooks-runtime';
import { LogController } from 'fastify';
import { createLogger } from '@app/logging';
import { READ_MODELS_SQLITE_FILE } from '@app/sql';
import { PinoNestLogger } from './logging/nest-logger';
import { registerRequestContext, requestIdOf, requestLogger } from './http/request-context';
import { registerRequestTracing } from './http/request-tracing';

export interface RunningApp {
  app: NestFastifyApplication;
  resources: Resources;
  /** http://host:port the app listens on (the real port when PORT was 0). */
  url: string;
  /** Null when PROCESS_MANAGER=off (another process runs it). */
  processManager: ProcessManager<FollowUp> | null;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  /** The embedded store's thread died while serving (see `openResources`). */
  onStoreFailure?(error: Error): void;
  extraModules?: (Type | DynamicModule)[];
}

/** Opens the store and the database, builds the Nest app on Fastify and starts listening. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<RunningApp> {
  const logger = createLogger(config.logLevel);
  // Before anything logs: Nest's own messages and every `new Logger(context)` go to the one logger from here on.
  Logger.overrideLogger(new PinoNestLogger(logger));
  const resources = await openResources(config, logger, { onStoreFailure: options.onStoreFailure });
  let records: OwnDatabase | undefined;
  try {
    records = databaseOfItsOwn({
      db: resources.db,
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      file: IDEMPOTENCY_SQLITE_FILE,
    });
    const store = new IdempotencyStore(records.db);
    await store.migrate();
    if (!config.databaseUrl) await store.adoptSqliteRecords(join(config.dataDir, READ_MODELS_SQLITE_FILE));
    const idempotency = new IdempotencyService(store, new ResponseCipher(idempotencySecret(config.idempotency.secret, config.dataDir)), {
      leaseMs: config.idempotencyLeaseMs,
      retentionMs: config.idempotency.retentionMs,
    });
    const stopPurging = idempotency.startPurging(config.idempotency.purgeIntervalMs, (error) =>
      Logger.warn(`idempotency purge failed: ${error instanceof Error ? error.message : String(error)}`, 'Idempotency'),
    );
    // The registry the queries and the health check read, even before any projector (here or elsewhere) ran.
    await migrateReadModels(resources.db);
    const inlineProjector: { current?: Projector } = {};
    const webhooks = await openWebhooks({
      config: config.webhooks,
      db: resources.db,
      databaseUrl: config.databaseUrl,
      client: resources.client,
      dataDir: config.dataDir,
      // Read when an event is sent: with PORT=0 the public URL is known only once the API listens.
      source: () => `${config.publicUrl}/v1`,
      // The message only: an error here never carries a secret, but a stack adds nothing an operator can act on.
      onError: (what, error) => Logger.warn(`webhook ${what} failed: ${error.message}`, 'Webhooks'),
    });
    const { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs, maxConnections } = config.http;
    const adapter = new FastifyAdapter({
      bodyLimit: config.bodyLimitBytes,
      // Fastify logs through the same logger; the request line is ours (one per request, registerRequestContext).
      loggerInstance: logger,
      logController: new LogController({ disableRequestLogging: true }),
      childLoggerFactory: requestLogger,
      genReqId: (request: { headers: Record<string, unknown> }) => requestIdOf(request.headers['x-request-id']),
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      // Node checks the request and header timeouts on this interval (30 s by default), which bounds how late a
      // slow client is cut off.
      http: { headersTimeout: headersTimeoutMs, connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs) },
      frameworkErrors,
      clientErrorHandler,
    });
    const app = await NestFactory.create<NestFastifyApplication>(
      apiModule({ resources, idempotency, webhooks, inlineProjector, extraModules: options.extraModules }),
      adapter,
      // Fastify's own JSON parser only: Nest's default would also accept url-encoded forms.
      { logger: new PinoNestLogger(logger), bodyParser: false },
    );
    const fastify = app.getHttpAdapter().getInstance();
    // Past it Node closes a new connection at once, before it costs a request's worth of work.
    fastify.server.maxConnections = maxConnections;
    registerRequestContext(fastify, logger, resources.metrics);
    registerRequestTracing(fastify);
    app.get(InFlightRequests).register(fastify, config.maxInFlightRequests);
    // Only JSON bodies (the customer's pages add their form parser): anything else is a 415, not a string for the
    // validators to trip over.
    fastify.removeContentTypeParser(['text/plain']);
    registerJsonBody(fastify);
    addSecurityHeaders(fastify);
    new RateLimiter({
      max: config.rateLimitPerMinute,
      windowMs: 60_000,
      keyOf: rateLimitKeyFor(app.get(TokenVerifier)),
      refuse: (reply, after) => sendProblem(reply, problem(429, 'RATE_LIMITED', `Too many requests; retry after ${after} s.`)),
    }).register(fastify);
    app.useGlobalPipes(new DtoValidationPipe());
    app.useGlobalFilters(new ProblemFilter());
    app.enableShutdownHooks();
    setupOpenApi(app);
    await app.listen({ port: config.port, host: config.host });
    const processManager =
      config.processManager === 'on'
        ? createRelationshipProcess(resources.client, resources.aggregates, config.processManagerCheckpointMs)
        : null;
    processManager?.start();
    // The sweep runs where the process manager runs: it is the same kind of work, finishing flows nobody drives.
    const expirySweep =
      config.processManager === 'on' ? new InvitationExpirySweep(resources.db, resources.aggregates, config.invitationExpirySweepMs) : null;
    expirySweep?.start();
    const projectorThread =
      config.projector === 'inline'
        ? await startInlineProjectorThread({
            connectionString: resources.connectionString,
            dataDir: config.dataDir,
            databaseUrl: config.databaseUrl,
            db: resources.db,
            client: resources.client,
            logLevel: config.logLevel,
          })
        : null;
    inlineProjector.current = projectorThread?.view;
    webhooks.start();
    const address = fastify.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    // Without PUBLIC_URL the links the API hands out name the address it listens on, which for PORT=0 is known only now.
    if (new URL(config.publicUrl).port === '0') config.publicUrl = listeningUrl(config.host, port);
    return {
      app,
      resources,
      url: `http://${config.host}:${port}`,
      processManager,
      async close() {
        // Stops accepting, then waits for running handlers (InFlightRequests) before anything they use closes.
        stopPurging();
        await app.close();
        await projectorThread?.stop();
        await processManager?.stop();
        await expirySweep?.stop();
        await webhooks.stop();
        await records?.close();
        await resources.close();
      },
    };
  } catch (error) {
    await records?.close().catch((closeError) => new Logger('createApp').error(String(closeError)));
    await resources.close().catch((closeError) => new Logger('createApp').error(String(closeError)));
    throw error;
  }
}
