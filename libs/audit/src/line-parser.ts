import { chainHashOfDataBytes } from '@app/event-store/hash-chain';
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

const DATA_KEY = Buffer.from(',"data":');
const METADATA_KEY = Buffer.from(',"metadata":');
const CLOSE = 0x7d;

/**
 * An event line as the export writes it (`eventLine`), read without decoding, parsing or re-serialising its data: the
 * data's bytes are hashed as they stand in the file, with the metadata without its link. Only a line whose header is
 * exactly what it parses to and whose hash verifies over its own `prev` comes out (then, by the hash, the data and
 * the metadata are the serialisations it was computed over, each a single JSON value); anything else is left to the
 * full parse, which says what is wrong.
 */
export function parseVerifiedEventLine(line: Buffer): ParsedLine | undefined {
  const dataAt = line.indexOf(DATA_KEY);
  const metadataAt = line.lastIndexOf(METADATA_KEY);
  if (dataAt < 0 || metadataAt < dataAt || line[line.length - 1] !== CLOSE) return undefined;
  const headerJson = line.toString('utf8', 0, dataAt);
  const metadataJson = line.toString('utf8', metadataAt + METADATA_KEY.length, line.length - 1);
  let header: Record<string, unknown>;
  let metadata: unknown;
  try {
    header = JSON.parse(`${headerJson}}`);
    metadata = JSON.parse(metadataJson);
  } catch {
    return undefined;
  }
  const { stream, revision, position, id, type, created } = header;
  if (typeof stream !== 'string' || typeof type !== 'string' || typeof id !== 'string' || typeof created !== 'string') return undefined;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) return undefined;
  if (typeof position !== 'string' || !POSITION.test(position)) return undefined;
  const prefix = `{"stream":${JSON.stringify(stream)},"revision":${revision},"position":"${position}","id":${JSON.stringify(id)},"type":${JSON.stringify(type)},"created":${JSON.stringify(created)}`;
  const link = linkOf(metadata);
  if (!link || headerJson !== prefix) return undefined;
  const chainJson = `,"chain":${JSON.stringify(link)}}`;
  if (!metadataJson.endsWith(chainJson)) return undefined;
  const withoutChain = `${metadataJson.slice(0, -chainJson.length)}}`;
  const data = line.subarray(dataAt + DATA_KEY.length, metadataAt);
  if (chainHashOfDataBytes(link.prev, stream, revision, type, data, withoutChain) !== link.hash) return undefined;
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
export function parseLine(line: Buffer): { value: unknown; event: ParsedLine | string } | undefined {
  const fast = parseVerifiedEventLine(line);
  if (fast) return { value: undefined, event: fast };
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch {
    return undefined;
  }
  return { value, event: parseEventLine(value) };
}
