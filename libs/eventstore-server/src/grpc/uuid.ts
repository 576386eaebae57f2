import { UUID } from './protocol';

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A protocol UUID (string or structured form) as a canonical lower-case string, or undefined if invalid. */
export function uuidToString(uuid: UUID | undefined): string | undefined {
  if (!uuid) return undefined;
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured()!;
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
    bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  const text = uuid.getString().toLowerCase();
  return CANONICAL.test(text) ? text : undefined;
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
