/**
 * Minimal protobuf wire-format reader for the hot request, BatchAppendReq: google-protobuf builds a
 * message object per field and a map per event, which costs more than storing the event.
 * Reads one message (or a nested one, through `message()`) between `offset` and `end` of a Buffer;
 * bytes come back as views into it, not copies.
 */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

const TWO_POW_32 = 2 ** 32;

export class ProtoReader {
  constructor(
    readonly buffer: Buffer,
    public offset = 0,
    readonly end = buffer.length,
  ) {}

  get atEnd(): boolean {
    return this.offset >= this.end;
  }

  /** The next field's tag: field number `tag >>> 3`, wire type `tag & 7`. */
  tag(): number {
    return this.varint();
  }

  /** A varint as a number: exact up to 2^53, enough for tags, lengths and booleans. */
  varint(): number {
    const buffer = this.buffer;
    let result = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i++) {
      if (this.offset >= this.end) throw new Error('protobuf: truncated varint');
      const byte = buffer[this.offset++];
      result += (byte & 127) * multiplier;
      if (byte < 128) return result;
      multiplier *= 128;
    }
    throw new Error('protobuf: varint longer than 10 bytes');
  }

  /** An unsigned 64-bit varint in decimal, as google-protobuf's `readUint64String` gives it. */
  uint64String(): string {
    const start = this.offset;
    const value = this.varint();
    if (Number.isSafeInteger(value)) return String(value);
    this.offset = start;
    return this.varint64().toString();
  }

  /** A signed 64-bit varint as a number, as google-protobuf's `readInt64` gives it. */
  int64(): number {
    const start = this.offset;
    const value = this.varint();
    if (Number.isSafeInteger(value)) return value;
    this.offset = start;
    return Number(BigInt.asIntN(64, this.varint64()));
  }

  /** A varint as the unsigned 64-bit value it encodes. */
  varint64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.offset >= this.end) throw new Error('protobuf: truncated varint');
      const byte = this.buffer[this.offset++];
      result |= BigInt(byte & 127) << shift;
      if (byte < 128) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new Error('protobuf: varint longer than 10 bytes');
  }

  /** A length-delimited field's bytes, as a view. */
  bytes(): Buffer {
    const end = this.delimitedEnd();
    const view = this.buffer.subarray(this.offset, end);
    this.offset = end;
    return view;
  }

  /**
   * Moves past a length-delimited field and returns where its bytes start; they end at the new `offset`.
   * For fields compared or decoded in place, where a view would be one more object per field.
   */
  skipBytes(): number {
    const end = this.delimitedEnd();
    const start = this.offset;
    this.offset = end;
    return start;
  }

  string(): string {
    const end = this.delimitedEnd();
    const text = this.buffer.toString('utf8', this.offset, end);
    this.offset = end;
    return text;
  }

  /** A reader over a nested message; this reader moves past it. */
  message(): ProtoReader {
    const end = this.delimitedEnd();
    const nested = new ProtoReader(this.buffer, this.offset, end);
    this.offset = end;
    return nested;
  }

  /** Skips a field this decoder does not use, as protobuf requires of unknown fields. */
  skip(tag: number): void {
    switch (tag & 7) {
      case WireType.varint:
        this.varint();
        return;
      case WireType.fixed64:
        return this.advance(8);
      case WireType.lengthDelimited:
        this.offset = this.delimitedEnd();
        return;
      case WireType.fixed32:
        return this.advance(4);
      default:
        throw new Error(`protobuf: unsupported wire type ${tag & 7}`);
    }
  }

  private delimitedEnd(): number {
    const length = this.varint();
    return this.checkedEnd(length);
  }

  private advance(length: number): void {
    this.offset = this.checkedEnd(length);
  }

  private checkedEnd(length: number): number {
    const end = this.offset + length;
    if (end > this.end || length >= TWO_POW_32) throw new Error('protobuf: field runs past the end of its message');
    return end;
  }
}

/** Whether `buffer[start, end)` holds exactly the bytes of `expected`. */
export function bytesEqual(buffer: Buffer, start: number, end: number, expected: Buffer): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (buffer[start + i] !== expected[i]) return false;
  return true;
}

/** Tag of `field` with `wireType`, for switching on `ProtoReader.tag()`. */
export const tagOf = (field: number, wireType: number): number => (field << 3) | wireType;
