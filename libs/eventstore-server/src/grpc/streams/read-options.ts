import { ReadReq } from '../protocol';
import { badArgument, streamNameOf } from '../request-fields';
import { EventFilter, eventFilterOf } from './event-filter';

export type StreamStart = { kind: 'start' } | { kind: 'end' } | { kind: 'revision'; revision: number };
export type AllStart = { kind: 'start' } | { kind: 'end' } | { kind: 'position'; position: number };

/** A Read request decoded and validated once, shared by plain reads and subscriptions. */
export interface ReadRequest {
  source: { kind: 'stream'; stream: string; from: StreamStart } | { kind: 'all'; from: AllStart };
  backwards: boolean;
  resolveLinks: boolean;
  /** Undefined for a subscription. */
  count?: number;
  subscription: boolean;
  filter?: EventFilter;
  structuredIds: boolean;
}

function unsigned(text: string, what: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw badArgument(`Invalid ${what} ${text}`);
  return Math.min(value, Number.MAX_SAFE_INTEGER);
}

export function parseReadRequest(request: ReadReq): ReadRequest {
  const options = request.getOptions();
  if (!options) throw badArgument('Read options are required');
  const subscription = options.hasSubscription();
  const count = subscription ? undefined : unsigned(options.getCount() || '0', 'count');
  const common = {
    backwards: options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS,
    resolveLinks: options.getResolveLinks(),
    count,
    subscription,
    filter: eventFilterOf(options),
    structuredIds: options.getUuidOption()?.hasStructured() ?? false,
  };
  const streamOptions = options.getStream();
  if (streamOptions) {
    const stream = streamNameOf(streamOptions.getStreamIdentifier());
    const Case = ReadReq.Options.StreamOptions.RevisionOptionCase;
    let from: StreamStart;
    switch (streamOptions.getRevisionOptionCase()) {
      case Case.REVISION:
        from = { kind: 'revision', revision: unsigned(streamOptions.getRevision(), 'revision') };
        break;
      case Case.END:
        from = { kind: 'end' };
        break;
      default:
        from = { kind: 'start' };
    }
    return { ...common, source: { kind: 'stream', stream, from } };
  }
  const allOptions = options.getAll();
  if (!allOptions) throw badArgument('Read options must name a stream or $all');
  const Case = ReadReq.Options.AllOptions.AllOptionCase;
  let from: AllStart;
  switch (allOptions.getAllOptionCase()) {
    case Case.POSITION:
      from = { kind: 'position', position: unsigned(allOptions.getPosition()!.getCommitPosition(), 'position') };
      break;
    case Case.END:
      from = { kind: 'end' };
      break;
    default:
      from = { kind: 'start' };
  }
  return { ...common, source: { kind: 'all', from } };
}
