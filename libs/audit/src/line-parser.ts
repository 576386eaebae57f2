import { chainHashOfJson } from '@app/event-store/hash-chain';
import { linkOf, type Link } from './export-line';

/** A line parsed: its place in its stream, its link, and the content the link covers (absent when redacted). */
export interface ParsedLine {
  stream: string;
  revision: number;
  position: bigint;
  link: Link;
  content?: { type: string; data: unknown; metadata: object };
  /** Whether the content hashes to the link's hash over the link's own `prev`; unknown until computed. */
  selfConsistent?: boolean;
}

export const POSITION = /^\d+$/;

/** The shape of an event or redacted line, or what is wrong with it. */
export function parseEventLine(value: unknown): ParsedLine | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const line = value as Record<string, unknown>;
  if (typeof line.stream !== 'string' || line.stream.length === 0) return 'no stream name';
  if (typeof line.revision !== 'number' || !Number.isSafeInteger(line.revision) || line.revision < 0) return 'no valid revision';
  if (typeof line.position !== 'string' || !POSITION.test(line.position)) return 'no valid position';
  const position = BigInt(line.position);
  if (line.redacted === true) {
    const link = linkOf(line);
    return link ? { stream: line.stream, revision: line.revision, position, link } : 'a redacted line without its chain link';
  }
  if (typeof line.id !== 'string' || typeof line.type !== 'string' || typeof line.created !== 'string')
    return 'no id, type or created time';
  if (!('data' in line)) return 'no data';
  if (typeof line.metadata !== 'object' || line.metadata === null) return 'no metadata';
  const link = linkOf(line.metadata);
  if (!link) return 'its metadata carries no chain link';
  return {
    stream: line.stream,
    revision: line.revision,
    position,
    link,
    content: { type: line.type, data: line.data, metadata: line.metadata },
  };
}

/**
 * An event line as the export writes it (`eventLine`), read without parsing or re-serialising its data: the data and
 * the metadata without its link are hashed as the bytes they are in the line. Only a line whose header is exactly
 * what it parses to and whose hash verifies over its own `prev` comes out (then those bytes are, by the hash, the
 * serialisation it was computed over, each a single JSON value); anything else is left to `parseLine`, which says
 * what is wrong.
 */
export function parseVerifiedEventLine(text: string): ParsedLine | undefined {
  const dataAt = text.indexOf(',"data":');
  const metadataAt = text.lastIndexOf(',"metadata":');
  if (dataAt < 0 || metadataAt < dataAt || !text.endsWith('}')) return undefined;
  let header: Record<string, unknown>;
  let metadata: unknown;
  try {
    header = JSON.parse(`${text.slice(0, dataAt)}}`);
    metadata = JSON.parse(text.slice(metadataAt + 12, -1));
  } catch {
    return undefined;
  }
  const { stream, revision, position, id, type, created } = header;
  if (typeof stream !== 'string' || typeof type !== 'string' || typeof id !== 'string' || typeof created !== 'string') return undefined;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) return undefined;
  if (typeof position !== 'string' || !POSITION.test(position)) return undefined;
  const prefix = `{"stream":${JSON.stringify(stream)},"revision":${revision},"position":"${position}","id":${JSON.stringify(id)},"type":${JSON.stringify(type)},"created":${JSON.stringify(created)}`;
  const link = linkOf(metadata);
  if (!link || text.slice(0, dataAt) !== prefix) return undefined;
  const metadataJson = text.slice(metadataAt + 12, -1);
  const chainJson = `,"chain":${JSON.stringify(link)}}`;
  if (!metadataJson.endsWith(chainJson)) return undefined;
  const withoutChain = `${metadataJson.slice(0, -chainJson.length)}}`;
  const hash = chainHashOfJson(link.prev, stream, revision, type, text.slice(dataAt + 8, metadataAt), withoutChain);
  if (hash !== link.hash) return undefined;
  return {
    stream,
    revision,
    position: BigInt(position),
    link,
    content: { type, data: undefined, metadata: metadata as object },
    selfConsistent: true,
  };
}

/** Any line of an export: the fast read of an intact event line, else the full parse (undefined: not JSON). */
export function parseLine(text: string): { value: unknown; event: ParsedLine | string } | undefined {
  const fast = parseVerifiedEventLine(text);
  if (fast) return { value: undefined, event: fast };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return { value, event: parseEventLine(value) };
}
