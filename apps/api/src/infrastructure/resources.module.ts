import { Global, Module, type DynamicModule } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { AggregateStore } from '@app/event-store';
import { TokenVerifier } from '../auth/token-verifier';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { ApiMetrics } from '../metrics/api-metrics';
import type { Resources } from './resources';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const SQL_DATABASE = Symbol('SQL_DATABASE');
export const RESOURCES = Symbol('RESOURCES');

/** Hands the already-open resources to Nest; opening and closing them is `createApp`'s job. */
@Global()
@Module({})
export class ResourcesModule {
  static forRoot(resources: Resources, idempotency: IdempotencyService): DynamicModule {
    return {
      module: ResourcesModule,
      providers: [
        { provide: RESOURCES, useValue: resources },
        { provide: APP_CONFIG, useValue: resources.config },
        { provide: SQL_DATABASE, useValue: resources.db },
        { provide: EventStoreDBClient, useValue: resources.client },
        { provide: AggregateStore, useValue: resources.aggregates },
        // A factory, so a module tree built only to describe the API (the OpenAPI document) verifies nothing.
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(resources.config.jwt, resources.config.caches.tokens) },
        { provide: IdempotencyService, useValue: idempotency },
        { provide: ApiMetrics, useValue: resources.metrics },
      ],
      exports: [RESOURCES, APP_CONFIG, SQL_DATABASE, EventStoreDBClient, AggregateStore, TokenVerifier, IdempotencyService, ApiMetrics],
    };
  }
}
