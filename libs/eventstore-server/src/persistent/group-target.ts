/** Where a group reads from and where it starts; the names of the streams the server keeps for it. */

export const ALL_STREAM = '$all';

export type GroupStart =
  { kind: 'start' } | { kind: 'end' } | { kind: 'revision'; revision: number } | { kind: 'position'; commit: number; prepare: number };

/** `eventSource` is a stream name, or `$all`. */
export const groupKey = (eventSource: string, group: string): string => `${eventSource}::${group}`;

export const checkpointStreamOf = (key: string): string => `$persistentsubscription-${key}-checkpoint`;
export const parkedStreamOf = (key: string): string => `$persistentsubscription-${key}-parked`;
export const CONFIG_STREAM = '$persistentSubscriptionConfig';
export const CONFIG_EVENT_TYPE = '$PersistentConfig';
export const CHECKPOINT_EVENT_TYPE = '$SubscriptionCheckpoint';

/** `start_from` as GetInfo reports it: `0`, `-1`, `N` for streams; `C:0/P:0`, `C:-1/P:-1`, `C:c/P:p` for `$all`. */
export function startFromText(isAll: boolean, start: GroupStart): string {
  switch (start.kind) {
    case 'start':
      return isAll ? 'C:0/P:0' : '0';
    case 'end':
      return isAll ? 'C:-1/P:-1' : '-1';
    case 'revision':
      return `${start.revision}`;
    case 'position':
      return `C:${start.commit}/P:${start.prepare}`;
  }
}

/** A processed point of the source: a stream revision, or a `$all` position (commit == prepare here). */
export const sourcePointText = (isAll: boolean, point: number): string => (isAll ? `C:${point}/P:${point}` : `${point}`);

export function parseSourcePoint(isAll: boolean, text: string): number | undefined {
  const match = isAll ? /^C:(\d+)\/P:\d+$/.exec(text) : /^(\d+)$/.exec(text);
  return match ? Number(match[1]) : undefined;
}
