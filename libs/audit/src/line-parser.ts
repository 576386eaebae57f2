import { chainHashOfBytes } from '@app/event-store/hash-chain';
import { linkOf, type Link } from './export-line';

/** A line parsed: its place in its stream, its link, and the content the link covers. */
export interface ParsedLine {
  stream: string;
  revision: number;
  position: bigint;
  link: Link;
  /** A redacted line: its link only, covering content the export leaves out. */
  redacted: boolean;
  /** What the link covers, parsed (absent when redacted, or when the fast read verified it as bytes). */
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
    return link
      ? { stream: line.stream, revision: line.revision, position, link, redacted: true }
      : 'a redacted line without its chain link';
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
    redacted: false,
    content: { type: line.type, data: line.data, metadata: line.metadata },
  };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ZERO = 0x30;
const NINE = 0x39;
const bytes = (text: string) => Buffer.from(text, 'latin1');
const STREAM_KEY = bytes('{"stream":"');
const REVISION_KEY = bytes('","revision":');
const POSITION_KEY = bytes(',"position":"');
const ID_KEY = bytes('","id":"');
const TYPE_KEY = bytes('","type":"');
const CREATED_KEY = bytes('","created":"');
const DATA_KEY = bytes('","data":');
const METADATA_KEY = bytes(',"metadata":{');
const CHAIN_KEY = bytes(',"chain":{"prev":');
const NULL = bytes('null');
const HASH_KEY = bytes(',"hash":"');
const LINE_END = bytes('"}}}');
const METADATA_END = bytes('}');
/** The bytes from `start` to `end` of `line`, as a plain view (lighter to make than a Buffer). */
const view = (line: Buffer, start: number, end: number) => new Uint8Array(line.buffer, line.byteOffset + start, end - start);
/** Digits of a revision that is a safe integer whatever they are. */
const MAX_REVISION_DIGITS = 15;

/** Whether `line` holds `literal` at `at`. */
function holds(line: Buffer, at: number, literal: Buffer): boolean {
  if (at < 0 || at + literal.length > line.length) return false;
  for (let i = 0; i < literal.length; i++) if (line[at + i] !== literal[i]) return false;
  return true;
}

/**
 * Where the JSON string whose text starts at `from` ends (its closing quote), if it is written as JSON.stringify
 * writes a string that needs no escape (no backslash, no control character); -1 otherwise.
 */
function plainStringEnd(line: Buffer, from: number): number {
  for (let i = from; i < line.length; i++) {
    const byte = line[i];
    if (byte === QUOTE) return i;
    if (byte === BACKSLASH || byte < 0x20) return -1;
  }
  return -1;
}

/** Where the run of decimal digits from `from` ends (the first byte that is not one). */
function digitsEnd(line: Buffer, from: number): number {
  let i = from;
  while (i < line.length && line[i] >= ZERO && line[i] <= NINE) i++;
  return i;
}

/**
 * An event line exactly as the export writes it (`eventLine`), read from its bytes without decoding, parsing or
 * re-serialising its data or metadata: the chain hash is computed over the bytes as they stand in the line (the data,
 * and the metadata up to its link). Every key, in its order, and every string of the line around the data and the
 * metadata is checked to be what JSON.stringify writes; only a line whose hash then verifies over its own `prev`
 * comes out (by the hash, its data and metadata are the serialisations the link was computed over). Anything else,
 * from an escaped character to a key out of order, is left to the full parse, which says what is wrong.
 */
export function parseVerifiedEventLine(line: Buffer): ParsedLine | undefined {
  if (!holds(line, 0, STREAM_KEY)) return undefined;
  const streamStart = STREAM_KEY.length;
  const streamEnd = plainStringEnd(line, streamStart);
  if (streamEnd <= streamStart || !holds(line, streamEnd, REVISION_KEY)) return undefined;
  const revisionStart = streamEnd + REVISION_KEY.length;
  const revisionEnd = digitsEnd(line, revisionStart);
  const revisionDigits = revisionEnd - revisionStart;
  if (revisionDigits === 0 || revisionDigits > MAX_REVISION_DIGITS || (line[revisionStart] === ZERO && revisionDigits > 1))
    return undefined;
  if (!holds(line, revisionEnd, POSITION_KEY)) return undefined;
  const positionStart = revisionEnd + POSITION_KEY.length;
  const positionEnd = digitsEnd(line, positionStart);
  if (positionEnd === positionStart || !holds(line, positionEnd, ID_KEY)) return undefined;
  const idEnd = plainStringEnd(line, positionEnd + ID_KEY.length);
  if (idEnd < 0 || !holds(line, idEnd, TYPE_KEY)) return undefined;
  const typeStart = idEnd + TYPE_KEY.length;
  const typeEnd = plainStringEnd(line, typeStart);
  if (typeEnd < 0 || !holds(line, typeEnd, CREATED_KEY)) return undefined;
  const createdEnd = plainStringEnd(line, typeEnd + CREATED_KEY.length);
  if (createdEnd < 0 || !holds(line, createdEnd, DATA_KEY)) return undefined;
  const dataStart = createdEnd + DATA_KEY.length;

  // From the end: the link, the last key of the metadata, and the metadata's key before it.
  if (!holds(line, line.length - LINE_END.length, LINE_END)) return undefined;
  const chainAt = line.lastIndexOf(CHAIN_KEY);
  const metadataAt = line.lastIndexOf(METADATA_KEY, chainAt);
  if (metadataAt < dataStart || chainAt <= metadataAt + 1) return undefined;
  const metadataStart = metadataAt + METADATA_KEY.length - 1;
  let prevEnd = chainAt + CHAIN_KEY.length;
  let prev: string | null = null;
  let prevBytes: Uint8Array | null = null;
  if (holds(line, prevEnd, NULL)) prevEnd += NULL.length;
  else {
    if (line[prevEnd] !== QUOTE) return undefined;
    const end = plainStringEnd(line, prevEnd + 1);
    if (end < 0) return undefined;
    prevBytes = view(line, prevEnd + 1, end);
    prev = line.toString('utf8', prevEnd + 1, end);
    prevEnd = end + 1;
  }
  if (!holds(line, prevEnd, HASH_KEY)) return undefined;
  const hashStart = prevEnd + HASH_KEY.length;
  const hashEnd = plainStringEnd(line, hashStart);
  if (hashEnd !== line.length - LINE_END.length) return undefined;
  const hash = line.toString('utf8', hashStart, hashEnd);

  const computed = chainHashOfBytes(
    prevBytes,
    view(line, streamStart, streamEnd),
    view(line, revisionStart, revisionEnd),
    view(line, typeStart, typeEnd),
    view(line, dataStart, metadataAt),
    [view(line, metadataStart, chainAt), METADATA_END],
  );
  if (computed !== hash) return undefined;
  return {
    stream: line.toString('utf8', streamStart, streamEnd),
    revision: Number(line.toString('latin1', revisionStart, revisionEnd)),
    position: BigInt(line.toString('latin1', positionStart, positionEnd)),
    link: { prev, hash },
    redacted: false,
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
