import type { EnvReader } from '@app/config';

/** The live feed's part of the API's configuration (README, "Configuration"). */
export interface FeedConfig {
  /** FEED_HEARTBEAT_MS: how often an idle stream gets a comment line, so proxies keep it open. */
  heartbeatMs: number;
  /** FEED_CLIENT_BUFFER: bytes of frames queued for one client at most; past it the client is paused until it reads. */
  clientBufferBytes: number;
  /**
   * FEED_RECENT_EVENTS: events of the log kept in memory for every client of this instance to read from. A client
   * that falls further behind than this while connected is cut off (it resumes with Last-Event-ID), and one that
   * resumes from further back reads the log from the store on its own, every event of it decoded again, which costs
   * far more than holding it (about a kilobyte per event, fixed). The default keeps the place of clients that
   * reconnect after a short outage (an EventSource waits 2 s, a restarted consumer longer) even at the highest write
   * rate the API sustains.
   */
  recentEvents: number;
  /** FEED_MAX_CONNECTIONS and FEED_MAX_CONNECTIONS_PER_PARTNER: open streams at once; beyond them 429. */
  maxConnections: number;
  maxConnectionsPerPartner: number;
}

export function readFeedConfig(read: EnvReader): FeedConfig {
  return {
    heartbeatMs: read.integer('FEED_HEARTBEAT_MS', 15_000, 100, 3_600_000),
    clientBufferBytes: read.integer('FEED_CLIENT_BUFFER', 256 * 1024, 1_024, 64 * 1024 * 1024),
    recentEvents: read.integer('FEED_RECENT_EVENTS', 16_384, 1, 1_000_000),
    maxConnections: read.integer('FEED_MAX_CONNECTIONS', 500, 1, 100_000),
    maxConnectionsPerPartner: read.integer('FEED_MAX_CONNECTIONS_PER_PARTNER', 10, 1, 100_000),
  };
}
