import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { ActiveTables, QueryValidationError, waitForPosition } from '@app/read-models';
import { ProblemException, problem } from '../../http/problem';
import type { AppConfig } from '../../config';
import { APP_CONFIG, SQL_DATABASE } from '../../infrastructure/resources.module';

/** The read-model database, the active-generation map, and the read-your-writes wait the endpoints share. */
@Injectable()
export class ReadModels {
  readonly tables: ActiveTables;

  /** How long a query with a minimum position waits for the view (`READ_YOUR_WRITES_TIMEOUT_MS`). */
  private readonly timeoutMs: number;
  /** Queries waiting for their position now: each polls the database, so their number is bounded. */
  private waiting = 0;
  private readonly maxWaiting: number;

  constructor(
    @Inject(SQL_DATABASE) readonly db: Kysely<any>,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'readYourWritesTimeoutMs' | 'maxPendingPositionWaits'>,
  ) {
    this.tables = new ActiveTables(db);
    this.timeoutMs = config.readYourWritesTimeoutMs;
    this.maxWaiting = config.maxPendingPositionWaits;
  }

  /**
   * Answers only once the projections behind the view have applied the event at `minPosition`
   * (a command response's X-Log-Position); after the bounded wait a 503 says the view is behind.
   */
  async awaitPosition(projections: readonly string[], minPosition: number | undefined, timeout?: number): Promise<void> {
    if (minPosition === undefined) return;
    const timeoutMs = timeout ?? this.timeoutMs;
    if (this.waiting >= this.maxWaiting) {
      throw new ProblemException(
        problem(503, 'TOO_MANY_POSITION_WAITS', 'Too many requests are waiting for the read models; retry shortly.', {
          field: 'X-Min-Position',
        }),
      );
    }
    this.waiting++;
    let reached: boolean;
    try {
      reached = await waitForPosition(this.db, projections, minPosition, timeoutMs);
    } finally {
      this.waiting--;
    }
    if (reached) return;
    throw new ProblemException(
      problem(503, 'READ_MODEL_BEHIND', `The view has not reached log position ${minPosition} within ${timeoutMs} ms; retry shortly.`, {
        field: 'X-Min-Position',
      }),
    );
  }

  /** Runs a query, turning its input refusals into 400 problems naming the parameter. */
  async run<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      if (error instanceof QueryValidationError)
        throw new ProblemException(problem(400, 'VALIDATION', error.message, { field: error.field }));
      throw error;
    }
  }
}
