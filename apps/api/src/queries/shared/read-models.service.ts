import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { ActiveTables, QueryValidationError, waitForPosition } from '@app/read-models';
import { ProblemException, problem } from '../../http/problem';
import { SQL_DATABASE } from '../../infrastructure/resources.module';

/** How long a query with a minimum position waits for the view (`READ_YOUR_WRITES_TIMEOUT_MS`, default 5 s). */
export const readYourWritesTimeoutMs = () => Number(process.env.READ_YOUR_WRITES_TIMEOUT_MS || 5000);

/** The read-model database, the active-generation map, and the read-your-writes wait the endpoints share. */
@Injectable()
export class ReadModels {
  readonly tables: ActiveTables;

  constructor(@Inject(SQL_DATABASE) readonly db: Kysely<any>) {
    this.tables = new ActiveTables(db);
  }

  /**
   * Answers only once the projections behind the view have applied the event at `minPosition`
   * (a command response's X-Log-Position); after the bounded wait a 503 says the view is behind.
   */
  async awaitPosition(projections: readonly string[], minPosition: number | undefined, timeout?: number): Promise<void> {
    if (minPosition === undefined) return;
    // Read here, not as a default parameter: reading process.env costs microseconds on every query without a position.
    const timeoutMs = timeout ?? readYourWritesTimeoutMs();
    if (await waitForPosition(this.db, projections, minPosition, timeoutMs)) return;
    throw new ProblemException(
      problem(503, 'READ_MODEL_BEHIND', `The view has not reached log position ${minPosition} within ${timeoutMs} ms; retry shortly.`, { field: 'X-Min-Position' }),
    );
  }

  /** Runs a query, turning its input refusals into 400 problems naming the parameter. */
  async run<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      if (error instanceof QueryValidationError) throw new ProblemException(problem(400, 'VALIDATION', error.message, { field: error.field }));
      throw error;
    }
  }
}
