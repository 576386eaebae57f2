import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { AppConfig } from '../config';
import { APP_CONFIG } from '../infrastructure/resources.module';
import { FeedHub } from './feed-hub';

/** The instance's one feed hub, started with the app and stopped before the HTTP server closes (open streams end). */
@Injectable()
export class EventFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly hub: FeedHub;
  private readonly logger = new Logger('EventFeed');

  constructor(client: EventStoreDBClient, @Inject(APP_CONFIG) config: AppConfig) {
    this.hub = new FeedHub(client, {
      config: config.feed,
      source: () => `${config.publicUrl}/v1`,
      onError: (what, error) => this.logger.warn(`${what} failed: ${error.message}; resubscribing`),
      onCutOff: (partnerId, position) =>
        this.logger.log(`a stream of partner ${partnerId} was cut off at position ${position}: it fell too far behind`),
    });
  }

  onApplicationBootstrap(): void {
    this.hub.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.hub.stop();
  }
}
