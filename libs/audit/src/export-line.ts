/** A link of a stream's hash chain, as written in every event's `metadata.chain`. */
export interface Link {
  prev: string | null;
  hash: string;
}

/** One stored event, as the store returned it: data and metadata exactly as written, metadata with its `chain`. */
export interface ExportedEvent {
  stream: string;
  revision: bigint | number;
  /** Commit position in the log. */
  position: bigint;
  id: string;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
}

/** An export's event line: the event with everything the chain covers. */
export interface EventLine {
  stream: string;
  revision: number;
  position: string;
  id: string;
  type: string;
  created: string;
  data: unknown;
  metadata: { chain: Link } & Record<string, unknown>;
}

/** The link an event's metadata carries, or undefined for an event written without one. */
export function linkOf(metadata: unknown): Link | undefined {
  const chain = (metadata as { chain?: Partial<Link> } | null | undefined)?.chain;
  if (!chain || typeof chain.hash !== 'string' || (chain.prev !== null && typeof chain.prev !== 'string')) return undefined;
  return { prev: chain.prev, hash: chain.hash };
}

/**
 * The NDJSON line of an event (without its newline). Data and metadata are written with JSON.stringify, the
 * serialisation the chain hash was computed over, so the verifier recomputes it from the line alone. The whole line is
 * one JSON.stringify of an object whose keys are in the line's order (one call instead of one per value).
 */
export function eventLine(event: ExportedEvent): string {
  const line: EventLine = {
    stream: event.stream,
    revision: Number(event.revision),
    position: String(event.position),
    id: event.id,
    type: event.type,
    created: event.created.toISOString(),
    data: event.data,
    metadata: event.metadata as EventLine['metadata'],
  };
  return JSON.stringify(line);
}

/**
 * The line of an event the reader may not see. An event stored without a link gets `"chain":null`, which the
 * verifier reports, as it reports that event's full line.
 */
export function redactedLine(event: Pick<ExportedEvent, 'stream' | 'revision' | 'position' | 'metadata'>): string {
  const chain = linkOf(event.metadata) ?? null;
  return `{"stream":${JSON.stringify(event.stream)},"revision":${event.revision},"position":"${event.position}","redacted":true,"chain":${JSON.stringify(chain)}}`;
}
