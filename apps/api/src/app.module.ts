import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AsyncApiController } from './asyncapi/asyncapi.controller';
import { AuthGuard } from './auth/auth.guard';
import { CommandPermissionGuard } from './auth/command-permission.guard';
import { CustomerPagesModule } from './customer-pages/customer-pages.module';
import { HealthController } from './health/health.controller';
import { InFlightRequests } from './http/in-flight-requests';
import type { IdempotencyService } from './idempotency/idempotency.service';
import type { Resources } from './infrastructure/resources';
import { ResourcesModule } from './infrastructure/resources.module';
import { ProblemTypesController } from './problem-types/problem-types.controller';
import { QueriesModule } from './queries';
import type { Projector } from '@app/read-models';
import { useCases } from './use-cases';
import type { Webhooks } from './webhooks/webhooks-runtime';
import { WebhooksModule } from './webhooks/webhooks.module';
import { EventFeedModule } from './event-feed/event-feed.module';

/** What the API's module tree is built over; `createApp` opens it, the OpenAPI generator stubs it. */
export interface ApiParts {
  resources: Resources;
  idempotency: IdempotencyService;
  webhooks: Pick<Webhooks, 'service'>;
  inlineProjector: { current?: Projector };
  extraModules?: (Type | DynamicModule)[];
}

/** The whole API, one tree: what `createApp` serves is what the OpenAPI document describes. */
export const apiModule = ({ resources, idempotency, webhooks, inlineProjector, extraModules = [] }: ApiParts): DynamicModule =>
  AppModule.forRoot(resources, idempotency, [
    QueriesModule.forRoot(inlineProjector),
    WebhooksModule.forRoot(webhooks),
    EventFeedModule,
    ...extraModules,
  ]);

@Module({})
export class AppModule {
  static forRoot(resources: Resources, idempotency: IdempotencyService, extraModules: (Type | DynamicModule)[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [ResourcesModule.forRoot(resources, idempotency), CqrsModule.forRoot(), CustomerPagesModule, ...extraModules],
      controllers: [HealthController, AsyncApiController, ProblemTypesController, ...useCases.controllers],
      providers: [
        ...useCases.providers,
        { provide: APP_GUARD, useClass: AuthGuard },
        // After authentication, before any pipe: see `@Issues`.
        { provide: APP_GUARD, useClass: CommandPermissionGuard },
        // Counts running handlers (createApp registers its hooks), so a shutdown waits for everything a handler does.
        InFlightRequests,
      ],
    };
  }
}
