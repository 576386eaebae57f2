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
import { useCases } from './use-cases';

@Module({})
export class AppModule {
  static forRoot(resources: Resources, idempotency: IdempotencyService, extraModules: (Type | DynamicModule)[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [ResourcesModule.forRoot(resources, idempotency), CqrsModule.forRoot(), CustomerPagesModule, ...extraModules],
      controllers: [HealthController, AsyncApiController, ...useCases.controllers],
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
