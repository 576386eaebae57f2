/**
 * Minimal protobuf wire-format writer for the hot reply, the read event: google-protobuf allocates
 * a message object per field, which costs more than reading the row from SQLite.
 * Sizes are computed first, then everything is written into one exact-size buffer.
 */
const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

export function varintSize(value: number): number {
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

export const bigVarintSize = (value: bigint): number => {
  let size = 1;
  let rest = BigInt.asUintN(64, value);
  while (rest >= 128n) {
    rest >>= 7n;
    size++;
  }
  return size;
};

export const tagSize = (field: number): number => varintSize(field << 3);
/** Size of a length-delimited field holding `length` bytes. */
export const fieldSize = (field: number, length: number): number => tagSize(field) + varintSize(length) + length;
export const varintFieldSize = (field: number, value: number): number => tagSize(field) + varintSize(value);

export class ProtoWriter {
  readonly buffer: Buffer;
  offset = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  varint(value: number): void {
    const buffer = this.buffer;
    let offset = this.offset;
    while (value >= 128) {
      buffer[offset++] = (value % 128) | 128;
      value = Math.floor(value / 128);
    }
    buffer[offset++] = value;
    this.offset = offset;
  }

  bigVarint(value: bigint): void {
    let rest = BigInt.asUintN(64, value);
    while (rest >= 128n) {
      this.buffer[this.offset++] = Number(rest & 127n) | 128;
      rest >>= 7n;
    }
    this.buffer[this.offset++] = Number(rest);
  }

  tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  varintField(field: number, value: number): void {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
  }

  bigVarintField(field: number, value: bigint): void {
    this.tag(field, WIRE_VARINT);
    this.bigVarint(value);
  }

  /** Opens a length-delimited field whose body the caller writes next. */
  header(field: number, length: number): void {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(length);
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.header(field, bytes.length);
    this.buffer.set(bytes, this.offset);
    this.offset += bytes.length;
  }

  /** `byteLength` must be Buffer.byteLength(text). */
  stringField(field: number, text: string, byteLength: number): void {
    this.header(field, byteLength);
    this.offset += this.buffer.write(text, this.offset, byteLength, 'utf8');
  }

  finish(): Buffer {
    if (this.offset !== this.buffer.length) {
      throw new Error(`protobuf size mismatch: wrote ${this.offset} of ${this.buffer.length}`);
    }
    return this.buffer;
  }
}
