import { eventTypes } from '@app/domain';
import { validationProblem } from '../http/problem';

/** What a client asked of the feed, checked. */
export interface FeedRequest {
  types?: ReadonlySet<string>;
  /** Resume after this position; -1n: from the log's start; undefined: from its current end. */
  after?: bigint;
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(eventTypes);
const MAX_POSITION = 2n ** 64n - 1n;

/**
 * `?types=A,B` (or repeated), `Last-Event-ID` (the header an EventSource sends when it reconnects; `?lastEventId=` for
 * a first connection from a client that cannot set headers, the header winning over it since a reconnecting
 * EventSource keeps its URL), and `?from=start|end`. Throws a validation problem naming the field.
 */
export function feedRequestOf(
  query: { types?: unknown; lastEventId?: unknown; from?: unknown },
  lastEventIdHeader: string | string[] | undefined,
): FeedRequest {
  const errors: { field: string; message: string }[] = [];
  const types = typesOf(query.types, errors);
  const header = Array.isArray(lastEventIdHeader) ? lastEventIdHeader[0] : lastEventIdHeader;
  const resumeField = header !== undefined ? 'Last-Event-ID' : 'lastEventId';
  const resume = header ?? query.lastEventId;
  const from = query.from;
  if (from !== undefined && from !== 'start' && from !== 'end') errors.push({ field: 'from', message: 'must be start or end' });
  let after: bigint | undefined = from === 'start' ? -1n : undefined;
  if (resume !== undefined) {
    if (typeof resume !== 'string' || !/^\d{1,20}$/.test(resume) || BigInt(resume) > MAX_POSITION)
      errors.push({ field: resumeField, message: 'must be the id: (a log position) of an event this feed sent' });
    else after = BigInt(resume);
  }
  if (errors.length > 0) throw validationProblem(errors);
  return { ...(types ? { types } : {}), ...(after !== undefined ? { after } : {}) };
}

function typesOf(value: unknown, errors: { field: string; message: string }[]): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((part) => (typeof part === 'string' ? part.split(',') : [null]));
  const names = parts.map((part) => (part === null ? '' : part.trim()));
  const unknown = names.find((name) => !KNOWN_TYPES.has(name));
  if (unknown !== undefined || names.length === 0) {
    errors.push({
      field: 'types',
      message: `unknown event type "${(unknown ?? '').slice(0, 100)}"; one of ${[...KNOWN_TYPES].join(', ')}`,
    });
    return undefined;
  }
  return new Set(names);
}
