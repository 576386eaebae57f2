import type { Kysely } from 'kysely';
import { createGeneration, dropRetired, EventSource, Projection, ProjectionRunner } from '@app/read-models';
import type { Logger } from '@app/logging';
import { progressLine } from './progress-bar';

export interface RebuildResult {
  readonly generation: number;
  readonly events: number;
  readonly seconds: number;
}

/**
 * Builds a new generation of one projection from the start of the log beside the serving one, then
 * switches readers over in one transaction when it has caught up. Progress goes to `report` (a line
 * rewritten in place on a terminal).
 */
export async function rebuildProjection(
  db: Kysely<any>,
  source: EventSource,
  projection: Projection,
  options: { report?: (line: string) => void; logger?: Logger; batchSize?: number } = {},
): Promise<RebuildResult> {
  const head = await source.head();
  const { generation } = await createGeneration(db, projection);
  const startedAt = Date.now();
  let events = 0;
  let lastReport = 0;
  const runner = new ProjectionRunner(db, source, projection, {
    rebuildGeneration: generation,
    batchSize: options.batchSize ?? 2000,
    logger: options.logger,
    onProgress: ({ applied, checkpoint, caughtUp }) => {
      events += applied;
      const now = Date.now();
      if (now - lastReport < 200) return;
      lastReport = now;
      const fraction = caughtUp || !head ? 1 : checkpoint.commit / Math.max(1, head.position.commit);
      options.report?.(progressLine(fraction, events, startedAt, now));
    },
  });
  runner.start();
  await runner.whenDone();
  if (runner.status().state !== 'done')
    throw new Error(`rebuild of ${projection.name} stopped before it caught up: ${runner.status().lastError ?? 'stopped'}`);
  options.report?.(progressLine(1, events, startedAt));
  await dropRetired(db, projection);
  return { generation, events, seconds: (Date.now() - startedAt) / 1000 };
}
