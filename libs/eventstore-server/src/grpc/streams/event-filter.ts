import type { StreamsPb } from '../protocol';
import type { StoredEvent } from '../../storage';
import { badArgument } from '../request-fields';

export interface EventFilter {
  matches(event: StoredEvent): boolean;
  /** Considered events between checkpoints: checkpointIntervalMultiplier × window (A4). */
  checkpointInterval: number;
}

const DEFAULT_WINDOW = 32;

function expressionMatcher(expression: StreamsPb.ReadReq.Options.FilterOptions.Expression): (value: string) => boolean {
  const regex = expression.getRegex();
  if (regex) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex);
    } catch {
      throw badArgument(`Invalid filter regex ${regex}`);
    }
    return (value) => compiled.test(value);
  }
  const prefixes = expression.getPrefixList();
  return (value) => prefixes.some((prefix) => value.startsWith(prefix));
}

/** The server-side `$all` filter of a read or subscription, or undefined for `no_filter`. */
export function eventFilterOf(options: StreamsPb.ReadReq.Options): EventFilter | undefined {
  const filter = options.getFilter();
  if (!filter) return undefined;
  const window = filter.hasMax() && filter.getMax() > 0 ? filter.getMax() : DEFAULT_WINDOW;
  const checkpointInterval = Math.max(1, filter.getCheckpointintervalmultiplier() || 1) * window;
  const streamExpression = filter.getStreamIdentifier();
  const typeExpression = filter.getEventType();
  if (streamExpression) {
    const matches = expressionMatcher(streamExpression);
    return { matches: (event) => matches(event.stream), checkpointInterval };
  }
  if (typeExpression) {
    const matches = expressionMatcher(typeExpression);
    return { matches: (event) => matches(event.type), checkpointInterval };
  }
  return { matches: () => true, checkpointInterval };
}
