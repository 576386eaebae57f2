import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard } from './auth/auth.guard';
import { HealthController } from './health/health.controller';
import { CommandResponseInterceptor } from './http/command-response.interceptor';
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
      imports: [ResourcesModule.forRoot(resources, idempotency), CqrsModule.forRoot(), ...extraModules],
      controllers: [HealthController, ...useCases.controllers],
      providers: [
        ...useCases.providers,
        { provide: APP_GUARD, useClass: AuthGuard },
        // Outermost, so a shutdown waits for everything a handler does (idempotency records included).
        InFlightRequests,
        { provide: APP_INTERCEPTOR, useExisting: InFlightRequests },
        { provide: APP_INTERCEPTOR, useClass: CommandResponseInterceptor },
      ],
    };
  }
}
