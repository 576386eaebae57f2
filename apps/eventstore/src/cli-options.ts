import { readConfig, type Env } from '@app/config';
import { LOG_LEVELS, type LogLevel } from '@app/logging';

/** Command line and environment of the standalone server; flags win over the environment. */
export interface CliOptions {
  host: string;
  port: number;
  dataDir?: string;
  memory: boolean;
  /** Stores nothing (bench/eventstore's ceiling); a flag only, so no environment can turn it on by mistake. */
  nullStorage: boolean;
  statsSeconds?: number;
  logLevel: LogLevel;
}

export const HELP = `Embedded EventStoreDB-compatible server (gRPC, h2c)

Usage: npm run eventstore -- [options]

Options:
  --host <address>     listen address               (env EVENTSTORE_HOST, default 127.0.0.1)
  --port <number>      listen port, 0 = any free    (env EVENTSTORE_PORT, default 2113)
  --data <directory>   durable SQLite data directory (env EVENTSTORE_DATA, default ./data/eventstore)
  --memory             throwaway in-memory store instead of --data (env EVENTSTORE_MEMORY=true)
  --null               store nothing, only check expected revisions: the protocol's ceiling, for benchmarks
  --stats <seconds>    print a JSON stats line every N seconds (env EVENTSTORE_STATS)
  --help               show this help

Clients connect with esdb://<host>:<port>?tls=false. SIGTERM or SIGINT stops gracefully.
`;

export const commandLine = {
  name: 'npm run eventstore',
  usage: HELP,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    data: { type: 'string' },
    memory: { type: 'boolean' },
    null: { type: 'boolean' },
    stats: { type: 'string' },
  },
} as const;

export type Flags = { host?: string; port?: string; data?: string; memory?: boolean; null?: boolean; stats?: string };

/** A flag whose value makes no sense: a usage mistake (exit 2), unlike a bad variable (exit 1). */
export class CliError extends Error {}

const MAX_STATS_SECONDS = 86_400;

/** The EVENTSTORE_* variables, every problem reported at once. */
export function loadServerEnv(env: Env): CliOptions {
  return readConfig('eventstore', env, (read) => ({
    host: read.string('EVENTSTORE_HOST', '127.0.0.1'),
    port: read.integer('EVENTSTORE_PORT', 2113, 0, 65535),
    dataDir: read.string('EVENTSTORE_DATA'),
    memory: read.bool('EVENTSTORE_MEMORY', false),
    nullStorage: false,
    statsSeconds: read.string('EVENTSTORE_STATS') === undefined ? undefined : read.integer('EVENTSTORE_STATS', 1, 1, MAX_STATS_SECONDS),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
  }));
}

function integerFlag(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new CliError(`--${flag} must be an integer from ${min} to ${max}, not "${text}"`);
  return value;
}

/** The flags (as parseArgs gives them) over the environment's settings. */
export function applyFlags(flags: Flags, fromEnv: CliOptions): CliOptions {
  if ([flags.data !== undefined, flags.memory, flags.null].filter(Boolean).length > 1)
    throw new CliError('use one of --data, --memory and --null');
  const nullStorage = flags.null ?? false;
  const memory = !nullStorage && (flags.memory ?? (flags.data === undefined && fromEnv.memory));
  return {
    host: flags.host ?? fromEnv.host,
    port: flags.port === undefined ? fromEnv.port : integerFlag('port', flags.port, 0, 65535),
    memory,
    nullStorage,
    dataDir: memory || nullStorage ? undefined : (flags.data ?? fromEnv.dataDir ?? './data/eventstore'),
    statsSeconds: flags.stats === undefined ? fromEnv.statsSeconds : integerFlag('stats', flags.stats, 1, MAX_STATS_SECONDS),
    logLevel: fromEnv.logLevel,
  };
}
