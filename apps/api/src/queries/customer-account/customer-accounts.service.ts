import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { CustomerAccountViews, type AccountView } from '@app/read-models';
import { openPointReader, type PointReader } from '@app/read-models/shared/point-reader';
import { databaseConfigFromEnv } from '@app/sql';
import type { PartnerPrincipal } from '../../auth/principal';
import type { AppConfig } from '../../config';
import { APP_CONFIG } from '../../infrastructure/resources.module';
import { visibleAccount } from '../../visibility/customer-visibility';
import { ReadModels } from '../shared/read-models.service';
import { minPosition } from '../shared/query-params';
import type { ReadYourWritesQuery } from '../shared/query.dto';

/** The customer account endpoint's answer. */
@Injectable()
export class CustomerAccounts implements OnApplicationShutdown {
  private readonly reader: PointReader;
  private readonly views: CustomerAccountViews;

  constructor(
    private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.reader = openPointReader(readModels.db, databaseConfigFromEnv({ DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl }));
    this.views = new CustomerAccountViews(readModels.tables, this.reader, config.caches.accountViews);
  }

  /**
   * The account as the partner may see it, once the view has reached the position the request asks for
   * (`X-Min-Position` / `minPosition`); not found (404) when the partner may not see it at all.
   */
  async answer(
    principal: PartnerPrincipal,
    customerId: string,
    query: ReadYourWritesQuery,
    headers: Record<string, unknown>,
  ): Promise<AccountView> {
    const position = minPosition(headers, { minPosition: query.minPosition });
    if (position !== undefined) await this.readModels.awaitPosition(['customer-account'], position);
    // What a partner sees depends on its id; the role too, should the rule ever look at it.
    const view = await this.views.view(principal.partnerId, customerId, principal.role, (doc) => visibleAccount(doc, principal));
    if (!view) throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
    return view;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reader.close();
  }
}
