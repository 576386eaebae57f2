/** Command line and environment of the standalone server; flags win over the environment. */
export interface CliOptions {
  host: string;
  port: number;
  dataDir?: string;
  memory: boolean;
  statsSeconds?: number;
  help: boolean;
}

export const HELP = `Embedded EventStoreDB-compatible server (gRPC, h2c)

Usage: npm run eventstore -- [options]

Options:
  --host <address>     listen address               (env EVENTSTORE_HOST, default 127.0.0.1)
  --port <number>      listen port, 0 = any free    (env EVENTSTORE_PORT, default 2113)
  --data <directory>   durable SQLite data directory (env EVENTSTORE_DATA, default ./data/eventstore)
  --memory             throwaway in-memory store instead of --data (env EVENTSTORE_MEMORY=true)
  --stats <seconds>    print a JSON stats line every N seconds (env EVENTSTORE_STATS)
  --help               show this help

Clients connect with esdb://<host>:<port>?tls=false. SIGTERM or SIGINT stops gracefully.
`;

export class CliError extends Error {}

const truthy = (value: string | undefined): boolean => value !== undefined && /^(1|true|yes)$/i.test(value);

function portOf(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port: ${text}`);
  return port;
}

function secondsOf(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new CliError(`invalid --stats interval: ${text}`);
  return seconds;
}

export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const options: CliOptions = {
    host: env.EVENTSTORE_HOST || '127.0.0.1',
    port: env.EVENTSTORE_PORT ? portOf(env.EVENTSTORE_PORT) : 2113,
    dataDir: env.EVENTSTORE_DATA || undefined,
    memory: truthy(env.EVENTSTORE_MEMORY),
    statsSeconds: env.EVENTSTORE_STATS ? secondsOf(env.EVENTSTORE_STATS) : undefined,
    help: false,
  };
  let dataFlag = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new CliError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--host':
        options.host = value();
        break;
      case '--port':
        options.port = portOf(value());
        break;
      case '--data':
        options.dataDir = value();
        dataFlag = true;
        break;
      case '--memory':
        options.memory = true;
        break;
      case '--stats':
        options.statsSeconds = secondsOf(value());
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new CliError(`unknown option: ${flag}`);
    }
  }
  if (dataFlag && argv.includes('--memory')) throw new CliError('use either --data or --memory, not both');
  if (options.memory) options.dataDir = undefined;
  else options.dataDir ??= './data/eventstore';
  return options;
}
