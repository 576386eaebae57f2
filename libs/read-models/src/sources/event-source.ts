import { LogPosition, ProjectionEvent } from '../projection';

export type SourceMessage =
  | { readonly kind: 'event'; readonly event: ProjectionEvent }
  /** Consecutive events handed over at once (a source that receives them in batches saves a hand-over per event). */
  | { readonly kind: 'events'; readonly events: readonly ProjectionEvent[] }
  | { readonly kind: 'caughtUp' };

export interface SourceSubscription extends AsyncIterable<SourceMessage> {
  close(): Promise<void>;
}

export interface LogHead {
  readonly position: LogPosition;
  readonly createdAt: string;
}

/**
 * What the projector needs from an event log: a catch-up subscription to `$all` without system events,
 * starting after a position (exclusive), that says when it has caught up; and the head, for lag.
 */
export interface EventSource {
  subscribe(after: LogPosition | undefined): SourceSubscription;
  head(): Promise<LogHead | undefined>;
  /** Events after `after`, counted up to `limit` (lag in events is reported as "limit or more" beyond). */
  countAfter(after: LogPosition | undefined, limit: number): Promise<number>;
}
