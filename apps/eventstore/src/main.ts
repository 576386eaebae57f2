import { configOrExit, parseCommandLine, usageError } from '@app/config';
import { startEventStoreServer } from '@app/eventstore-server';
import { createLogger, libraryLogger } from '@app/logging';
import { applyFlags, CliError, commandLine, loadServerEnv, type CliOptions } from './cli-options';

function options(): CliOptions {
  const { values } = parseCommandLine(commandLine);
  const fromEnv = configOrExit(() => loadServerEnv(process.env));
  try {
    return applyFlags(values, fromEnv);
  } catch (error) {
    if (error instanceof CliError) usageError(commandLine, error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  const { host, port, dataDir, memory, nullStorage, statsSeconds, logLevel } = options();
  const logger = libraryLogger(createLogger(logLevel), 'eventstore');
  const server = await startEventStoreServer({
    host,
    port,
    dataDir,
    memory,
    nullStorage,
    logger,
  });
  process.stdout.write(`${server.connectionString}\n`);

  const statsTimer =
    statsSeconds === undefined ? undefined : setInterval(() => logger.info('stats', { ...server.stats() }), statsSeconds * 1000);

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
  createLogger('info').error({ context: 'eventstore', error: String(error) }, 'event store failed to start');
  process.exit(1);
});
