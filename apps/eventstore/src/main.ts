import { jsonLogger, startEventStoreServer } from '@app/eventstore-server';
import { CliError, HELP, parseCliOptions } from './cli-options';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`${error.message}\n\n${HELP}`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(HELP);
    return;
  }
  const logger = jsonLogger();
  const server = await startEventStoreServer({
    host: options.host,
    port: options.port,
    dataDir: options.dataDir,
    memory: options.memory,
    logger,
  });
  process.stdout.write(`${server.connectionString}\n`);

  const statsTimer =
    options.statsSeconds === undefined
      ? undefined
      : setInterval(() => logger.info('stats', { ...server.stats() }), options.statsSeconds * 1000);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    if (statsTimer) clearInterval(statsTimer);
    server.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error('stop failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`${JSON.stringify({ level: 'error', message: 'event store failed to start', error: String(error) })}\n`);
  process.exit(1);
});
