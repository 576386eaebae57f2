import { Server, ServerCredentials } from '@grpc/grpc-js';
import { registerGossip } from './grpc/gossip';
import { LiveCalls, type HandlerContext } from './grpc/context';
import { registerHealth } from './grpc/health';
import { registerServerFeatures, type SupportedMethodSpec } from './grpc/server-features';
import { registerStreams } from './grpc/streams/service';
import { type Logger, silentLogger } from '@app/logging';
import { registerPersistentSubscriptions } from './persistent';
import { EventStorage, NullStorage, type EventLog } from './storage';

export interface EventStoreServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Durable SQLite files go here; omit with `memory: true` for a throwaway store. */
  dataDir?: string;
  memory?: boolean;
  /** Stores nothing, only tracks revisions: the protocol's ceiling for bench/eventstore, never for data. */
  nullStorage?: boolean;
  logger?: Logger;
}

export interface ServerStats {
  appends: number;
  bytes: number;
  headPosition: number;
  liveSubscriptions: number;
  persistentBacklog: number;
}

export interface EmbeddedEventStore {
  readonly port: number;
  readonly connectionString: string;
  stats(): ServerStats;
  /** Graceful: stops accepting, finishes in-flight appends, ends subscriptions cleanly, closes SQLite. */
  stop(): Promise<void>;
}

const MiB = 1024 * 1024;
/**
 * After every long-lived call has been ended, what is left are unary calls and replies a client stopped
 * reading; SIGTERM must finish within a second, so those get this long before the connections are closed.
 */
const SHUTDOWN_GRACE_MS = 500;

export async function startEventStoreServer(options: EventStoreServerOptions = {}): Promise<EmbeddedEventStore> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  if (!options.memory && !options.nullStorage && !options.dataDir)
    throw new Error('startEventStoreServer needs dataDir, memory: true or nullStorage: true');
  const storage: EventLog = options.nullStorage
    ? new NullStorage()
    : await EventStorage.open({ dataDir: options.dataDir, memory: options.memory });
  const live = new LiveCalls();
  const ctx: HandlerContext = { storage, logger, live };

  const server = new Server({
    'grpc.max_receive_message_length': 32 * MiB,
    'grpc.max_send_message_length': 17 * MiB,
    'grpc.keepalive_permit_without_calls': 1,
  });
  let serving = true;
  let port = 0;
  const methods: SupportedMethodSpec[] = [];
  methods.push(...registerStreams(server, ctx));
  const persistent = registerPersistentSubscriptions(server, ctx);
  methods.push(...persistent.methods);
  methods.push(registerGossip(server, () => ({ host, port })));
  methods.push(registerServerFeatures(server, () => methods));
  registerHealth(server, () => serving);

  try {
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${host}:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
  } catch (error) {
    await storage.close();
    throw error;
  }
  const connectionString = `esdb://${host}:${port}?tls=false`;
  logger.info('event store listening', {
    host,
    port,
    connectionString,
    storage: options.nullStorage ? 'null' : options.memory ? 'memory' : options.dataDir,
  });

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    serving = false;
    // No new calls from here on; in-flight ones finish below.
    const drained = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    await persistent.stop();
    await live.closeAll();
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
    server.forceShutdown();
    await storage.close();
    logger.info('event store stopped', { port });
  };

  return {
    port,
    connectionString,
    stats: () => {
      const storageStats = storage.stats();
      return {
        appends: storageStats.appendedEvents,
        bytes: storageStats.appendedBytes,
        headPosition: storageStats.headPosition,
        liveSubscriptions: live.subscriptions,
        persistentBacklog: persistent.backlog(),
      };
    },
    stop: () => (stopping ??= stop()),
  };
}
