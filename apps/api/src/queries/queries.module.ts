import { Module, type DynamicModule } from '@nestjs/common';
import type { Projector } from '@app/read-models';
import { AuditHistoryController } from './audit-history/audit-history.controller';
import { AuditStateController } from './audit-state/audit-state.controller';
import { CustomerAccountController } from './customer-account/customer-account.controller';
import { CustomerAccounts } from './customer-account/customer-accounts.service';
import { CustomerListController } from './customer-list/customer-list.controller';
import { CustomerPartnersController } from './customer-partners/customer-partners.controller';
import { CustomerSubscriptionsController } from './customer-subscriptions/customer-subscriptions.controller';
import { IndirectProvidersController } from './indirect-providers/indirect-providers.controller';
import { IndirectResellersController } from './indirect-resellers/indirect-resellers.controller';
import { PendingInvitationsController } from './pending-invitations/pending-invitations.controller';
import { INLINE_PROJECTOR, ReadModelHealth } from './read-model-status/read-model-health.service';
import { MetricsController } from './read-model-status/metrics.controller';
import { ReadModelStatusController } from './read-model-status/read-model-status.controller';
import { ReadModels } from './shared/read-models.service';
import { StoredStreams } from './shared/stored-streams';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { AppConfig } from '../config';
import { APP_CONFIG } from '../infrastructure/resources.module';

/**
 * The read-model endpoints (GET only), scoped to the calling partner. Needs the API's global
 * ResourcesModule (SQL_DATABASE, EventStoreDBClient). `inlineProjector` is the holder of the projector
 * started in this process (`PROJECTOR=inline`), so health reports its runners' states.
 */
@Module({})
export class QueriesModule {
  static forRoot(inlineProjector: { current?: Projector } = {}): DynamicModule {
    return {
      module: QueriesModule,
      controllers: [
        CustomerListController,
        CustomerAccountController,
        CustomerPartnersController,
        CustomerSubscriptionsController,
        IndirectResellersController,
        IndirectProvidersController,
        PendingInvitationsController,
        ReadModelStatusController,
        MetricsController,
        AuditHistoryController,
        AuditStateController,
      ],
      providers: [
        ReadModels,
        ReadModelHealth,
        CustomerAccounts,
        { provide: INLINE_PROJECTOR, useValue: inlineProjector },
        {
          provide: StoredStreams,
          useFactory: (client: EventStoreDBClient, config: AppConfig) => new StoredStreams(client, config.caches.auditEvents),
          inject: [EventStoreDBClient, APP_CONFIG],
        },
      ],
      exports: [ReadModels, ReadModelHealth],
    };
  }
}
