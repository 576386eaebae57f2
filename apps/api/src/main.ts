import { Logger } from '@nestjs/common';
import { DEVELOPMENT_JWT_SECRET, loadConfig } from './config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
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
    config.eventStoreUrl ? `event store: ${config.eventStoreUrl}` : `embedded event store in ${config.dataDir}/eventstore`,
  );
  if (config.jwt.secret === DEVELOPMENT_JWT_SECRET) {
    logger.log(
      'Using the development JWT secret. Get a token with:\n' +
        '  npm run token -- --partner contoso-direct --role GlobalAdmin\n' +
        '  curl -H "Authorization: Bearer <token>" ' + `${running.url}/v1/partner`,
    );
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: shutting down`);
    running.close().then(
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

main().catch((error) => {
  new Logger('main').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
