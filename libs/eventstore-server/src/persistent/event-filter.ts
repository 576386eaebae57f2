import { CreateReq } from '@eventstore/db-client/generated/persistent_pb';
import { PersistentSubscriptionFailure } from './errors';

/** A server-side `$all` filter as the group stores it (same semantics as catch-up filters, ESDB-WIRE A4). */
export interface EventFilterSpec {
  on: 'stream' | 'eventType';
  regex: string;
  prefixes: string[];
}

export type EventPredicate = (event: { stream: string; type: string }) => boolean;

export function filterFromProto(options: CreateReq.AllOptions.FilterOptions): EventFilterSpec {
  const streamExpression = options.getStreamIdentifier();
  const typeExpression = options.getEventType();
  const expression = streamExpression ?? typeExpression;
  if (!expression) throw new PersistentSubscriptionFailure('A filter needs a stream name or event type expression');
  const spec: EventFilterSpec = {
    on: streamExpression ? 'stream' : 'eventType',
    regex: expression.getRegex(),
    prefixes: expression.getPrefixList(),
  };
  compileFilter(spec);
  return spec;
}

/** A non-empty regex takes precedence over prefixes, as on the real server. */
export function compileFilter(spec: EventFilterSpec): EventPredicate {
  const field = spec.on === 'stream' ? ('stream' as const) : ('type' as const);
  if (spec.regex !== '') {
    let pattern: RegExp;
    try {
      pattern = new RegExp(spec.regex);
    } catch (error) {
      throw new PersistentSubscriptionFailure(`Invalid filter regex: ${(error as Error).message}`);
    }
    return (event) => pattern.test(event[field]);
  }
  const prefixes = [...spec.prefixes];
  return (event) => prefixes.some((prefix) => event[field].startsWith(prefix));
}
