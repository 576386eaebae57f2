import { Inject, Injectable } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { Kysely } from 'kysely';
import { EsdbEventSource, Projector, ProjectorHealth, readModelsHealth } from '@app/read-models';
import { SQL_DATABASE } from '../../infrastructure/resources.module';

export const INLINE_PROJECTOR = Symbol('INLINE_PROJECTOR');

/** Read-model health for this process: the inline projector's view when it runs here, else the database's. */
@Injectable()
export class ReadModelHealth {
  private readonly source: EsdbEventSource;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: Kysely<any>,
    client: EventStoreDBClient,
    @Inject(INLINE_PROJECTOR) private readonly projector: { current?: Projector },
  ) {
    this.source = new EsdbEventSource(client);
  }

  check(): Promise<ProjectorHealth> {
    return readModelsHealth(this.db, this.source, this.projector.current);
  }
}
