import { UUID } from './protocol';
import { ProtoReader, tagOf, WireType } from './proto-reader';

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A protocol UUID (string or structured form) as a canonical lower-case string, or undefined if invalid. */
export function uuidToString(uuid: UUID | undefined): string | undefined {
  if (!uuid) return undefined;
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured()!;
    return fromHalves(BigInt(structured.getMostSignificantBits()), BigInt(structured.getLeastSignificantBits()));
  }
  return canonical(uuid.getString());
}

const STRUCTURED = tagOf(1, WireType.lengthDelimited);
const STRING = tagOf(2, WireType.lengthDelimited);
const MOST = tagOf(1, WireType.varint);
const LEAST = tagOf(2, WireType.varint);

/**
 * uuidToString for a UUID message still in wire format (see proto-reader.ts). The forms are a oneof, so
 * the last one on the wire wins, as in the generated decoder.
 */
export function uuidFromWire(message: ProtoReader): string | undefined {
  let textStart = 0;
  let textEnd = 0;
  let halves: [bigint, bigint] | undefined;
  while (!message.atEnd) {
    const tag = message.tag();
    if (tag === STRING) {
      textStart = message.skipBytes();
      textEnd = message.offset;
      halves = undefined;
    } else if (tag === STRUCTURED) {
      const structured = message.message();
      halves = [0n, 0n];
      while (!structured.atEnd) {
        const field = structured.tag();
        if (field === MOST) halves[0] = structured.varint64();
        else if (field === LEAST) halves[1] = structured.varint64();
        else structured.skip(field);
      }
    } else message.skip(tag);
  }
  return halves ? fromHalves(halves[0], halves[1]) : canonicalBytes(message.buffer, textStart, textEnd);
}

const CANONICAL_LENGTH = 36;
const DASH = 0x2d;

/**
 * canonical() for UTF-8 bytes, checked before any string is made: only ASCII hex digits and dashes can
 * make a canonical UUID (no other character lower-cases into one), so anything else is invalid as is.
 */
function canonicalBytes(bytes: Buffer, start: number, end: number): string | undefined {
  if (end - start !== CANONICAL_LENGTH) return undefined;
  let upper = false;
  for (let i = 0; i < CANONICAL_LENGTH; i++) {
    const byte = bytes[start + i];
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (byte !== DASH) return undefined;
    } else if ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)) continue;
    else if (byte >= 0x41 && byte <= 0x46) upper = true;
    else return undefined;
  }
  const text = bytes.toString('latin1', start, end);
  return upper ? text.toLowerCase() : text;
}

function canonical(text: string): string | undefined {
  const lower = text.toLowerCase();
  return CANONICAL.test(lower) ? lower : undefined;
}

function fromHalves(most: bigint, least: bigint): string {
  const bytes = Buffer.alloc(16);
  bytes.writeBigUInt64BE(BigInt.asUintN(64, most), 0);
  bytes.writeBigUInt64BE(BigInt.asUintN(64, least), 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The two signed 64-bit halves of a UUID, big-endian, as decimal strings (the structured form). */
export function uuidHalves(id: string): [string, string] {
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  return [bytes.readBigInt64BE(0).toString(), bytes.readBigInt64BE(8).toString()];
}

export function uuidMessage(id: string, structured: boolean): UUID {
  const uuid = new UUID();
  if (structured) {
    const [most, least] = uuidHalves(id);
    uuid.setStructured(new UUID.Structured().setMostSignificantBits(most).setLeastSignificantBits(least));
  } else uuid.setString(id);
  return uuid;
}
