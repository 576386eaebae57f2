import type { EventFilterSpec } from './event-filter';
import { ALL_STREAM, groupKey, type GroupStart } from './group-target';
import type { GroupSettings } from './settings';

/** A group as it is configured and persisted in `$persistentSubscriptionConfig`. */
export interface GroupDefinition {
  /** A stream name, or `$all`. */
  eventSource: string;
  group: string;
  start: GroupStart;
  /** `$all` groups only; null = every event. */
  filter: EventFilterSpec | null;
  settings: GroupSettings;
  /**
   * First source point to read when there is no checkpoint: a revision or a `$all` position. An END start is
   * fixed here at creation, so events appended after creation are delivered even across a restart.
   */
  firstPoint: number;
}

export const isAllGroup = (definition: Pick<GroupDefinition, 'eventSource'>): boolean => definition.eventSource === ALL_STREAM;

export const keyOf = (definition: Pick<GroupDefinition, 'eventSource' | 'group'>): string =>
  groupKey(definition.eventSource, definition.group);
