import { Kysely } from 'kysely';
import { Projection } from '../projection';
import { EventSource } from '../sources/event-source';
import { listGenerations } from './generations';
import { RunnerState } from './projection-runner';

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly activeGeneration?: number;
  readonly activeVersion?: number;
  readonly building?: { generation: number; eventsApplied: number };
  readonly checkpoint?: { commit: number; prepare: number };
  readonly eventsApplied: number;
  /** Events in the log after the checkpoint, counted up to a limit (`lagEventsCapped` when reached). */
  readonly lagEvents: number;
  readonly lagEventsCapped: boolean;
  /** Time between the newest event in the log and the newest event applied. */
  readonly lagSeconds: number;
  readonly state: RunnerState | 'not-running' | 'not-created' | 'outdated';
  readonly lastError?: string;
}

export const LAG_COUNT_LIMIT = 100_000;

/** Checkpoint, lag and state of each projection, from the database and the log (works in any process). */
export async function projectionStatuses(
  db: Kysely<any>,
  source: EventSource,
  projections: readonly Projection[],
  running: (name: string) => { state: RunnerState; lastError?: string } | undefined = () => undefined,
  countLimit = LAG_COUNT_LIMIT,
): Promise<ProjectionStatus[]> {
  const head = await source.head();
  const generations = await listGenerations(db);
  const statuses: ProjectionStatus[] = [];
  for (const projection of projections) {
    const mine = generations.filter((g) => g.name === projection.name);
    const active = mine.find((g) => g.state === 'active');
    const building = mine.filter((g) => g.state === 'building').pop();
    const lagEvents = await source.countAfter(active?.checkpoint, countLimit);
    const lagSeconds =
      lagEvents === 0 || !head ? 0 : Math.max(0, (Date.parse(head.createdAt) - Date.parse(active?.lastEventAt ?? head.createdAt)) / 1000);
    const runner = running(projection.name);
    const state = runner?.state ?? (!active ? 'not-created' : active.version !== projection.version ? 'outdated' : 'not-running');
    statuses.push({
      name: projection.name,
      version: projection.version,
      activeGeneration: active?.generation,
      activeVersion: active?.version,
      building: building && { generation: building.generation, eventsApplied: building.eventsApplied },
      checkpoint: active?.checkpoint,
      eventsApplied: active?.eventsApplied ?? 0,
      lagEvents,
      lagEventsCapped: lagEvents >= countLimit,
      lagSeconds,
      state,
      lastError: runner?.lastError,
    });
  }
  return statuses;
}
