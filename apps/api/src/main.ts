import { configOrExit, parseCommandLine } from '@app/config';
import { startTracingFromEnv } from '@app/tracing';
import { DEVELOPMENT_JWT_SECRET, loadConfig } from './config';

const USAGE = `The API (HTTP), with the embedded event store and the inline projector unless configured otherwise.

Usage: npm start    (or: node dist/apps/api/src/main.js)

Configured by environment variables only: PORT, HOST, DATA_DIR, EVENTSTORE_URL, DATABASE_URL, PROJECTOR,
JWT_SECRET or JWKS_URL, PUBLIC_URL, … (README.md, "Configuration"). SIGTERM or SIGINT stops it gracefully.`;

async function main(): Promise<void> {
  parseCommandLine({ name: 'api', usage: USAGE, options: {} });
  const config = configOrExit(() => loadConfig());
  // Nest, Fastify and the rest load only now, so that --help and a bad configuration are answered at once.
  // Before the app loads: the tracer provider and context manager are in place when the first request arrives.
  const tracing = await startTracingFromEnv(process.env, 'csp-api');
  const [{ Logger }, { createApp }] = await Promise.all([import('@nestjs/common'), import('./create-app')]);
  const logger = new Logger('main');
  const running = await createApp(config, {
    // Without its store the API can only fail every command: exit, so the supervisor restarts it.
    onStoreFailure: (error) => {
      logger.error(`the embedded event store failed: ${error.stack ?? error.message}`);
      process.exit(1);
    },
  });
  logger.log(`API listening on ${running.url} (OpenAPI: ${running.url}/openapi.json, docs: ${running.url}/docs)`);
  logger.log(
    config.eventStoreUrl
      ? `event store: ${config.eventStoreUrl}`
      : `embedded event store in ${config.dataDir}/eventstore, subscribe at ${running.resources.embedded!.connectionString}`,
  );
  if (config.jwt.secret === DEVELOPMENT_JWT_SECRET) {
    logger.log(
      'Using the development JWT secret. Get a token with:\n' +
        '  npm run token -- --partner contoso-direct --role GlobalAdmin\n' +
        '  curl -H "Authorization: Bearer <token>" ' +
        `${running.url}/v1/partner`,
    );
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: shutting down`);
    running
      .close()
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        (error) => {
          logger.error(String(error));
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch(async (error) => {
  const { Logger } = await import('@nestjs/common');
  new Logger('main').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
