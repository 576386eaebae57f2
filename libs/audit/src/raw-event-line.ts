import { isoOfTicks, type RawEvent } from './raw-log-reader';
import type { Link } from './export-line';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HASH_KEY = Buffer.from(',"hash":"', 'latin1');
const CHAIN_KEY = Buffer.from(',"chain":{"prev":', 'latin1');
const NULL = Buffer.from('null', 'latin1');
/** How the metadata ends after the hash's text: the hash's quote, the link's brace and the metadata's. */
const LINK_END = Buffer.from('"}}', 'latin1');

function holds(bytes: Uint8Array, at: number, literal: Buffer): boolean {
  if (at < 0 || at + literal.length > bytes.length) return false;
  for (let i = 0; i < literal.length; i++) if (bytes[at + i] !== literal[i]) return false;
  return true;
}

/** Whether the bytes from `start` to `end` hold a JSON string's text that needs no escape: no quote, backslash or control byte. */
function plain(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] === QUOTE || bytes[i] === BACKSLASH || bytes[i] < 0x20) return false;
  return true;
}

/**
 * The link of metadata stored as the command path writes it, its last key `"chain":{"prev":null|"…","hash":"…"}`
 * without escapes, read from its bytes (what parsing it would give); undefined for any other shape.
 */
export function linkOfRawMetadata(metadata: Uint8Array): Link | undefined {
  const end = metadata.length - LINK_END.length;
  if (!holds(metadata, end, LINK_END)) return undefined;
  // The hash is hex: the last quote before its end opens it.
  const hashStart = metadata.lastIndexOf(QUOTE, end - 1) + 1;
  if (hashStart <= 0 || !holds(metadata, hashStart - HASH_KEY.length, HASH_KEY) || !plain(metadata, hashStart, end)) return undefined;
  const prevEnd = hashStart - HASH_KEY.length;
  let prev: string | null = null;
  let chainEnd = prevEnd - NULL.length;
  if (!holds(metadata, chainEnd, NULL)) {
    if (metadata[prevEnd - 1] !== QUOTE) return undefined;
    const prevStart = metadata.lastIndexOf(QUOTE, prevEnd - 2) + 1;
    if (prevStart <= 0 || !plain(metadata, prevStart, prevEnd - 1)) return undefined;
    prev = Buffer.from(metadata.buffer, metadata.byteOffset + prevStart, prevEnd - 1 - prevStart).toString('latin1');
    chainEnd = prevStart - 1;
  }
  if (!holds(metadata, chainEnd - CHAIN_KEY.length, CHAIN_KEY)) return undefined;
  return { prev, hash: Buffer.from(metadata.buffer, metadata.byteOffset + hashStart, end - hashStart).toString('latin1') };
}

/**
 * The parts of an event's export line (as `eventLine` writes it) with its data and metadata as the bytes stored, and
 * the link its metadata carries; undefined when those bytes cannot stand in the line as they are: no metadata, a line
 * break in them (JSON written over several lines), or a link that is not the metadata's last key as the command path
 * writes it. The stored bytes are what `eventLine` would write for data and metadata that JSON.stringify wrote (what
 * the client appends), and for any other JSON they are what was stored, which the verifier reads as such.
 */
export function rawEventLine(event: RawEvent): { parts: (string | Uint8Array)[]; link: Link } | undefined {
  const { data, metadata } = event;
  if (data.length === 0 || metadata.length === 0) return undefined;
  if (data.indexOf(NEWLINE) !== -1 || data.indexOf(CARRIAGE_RETURN) !== -1) return undefined;
  if (metadata.indexOf(NEWLINE) !== -1 || metadata.indexOf(CARRIAGE_RETURN) !== -1) return undefined;
  const link = linkOfRawMetadata(metadata);
  if (!link) return undefined;
  const head =
    `{"stream":${JSON.stringify(event.streamId)},"revision":${event.revision},"position":"${event.position.commit}",` +
    `"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"created":"${isoOfTicks(event.created)}","data":`;
  return { parts: [head, data, ',"metadata":', metadata, '}'], link };
}
