import { hash } from 'node:crypto';

/** Namespace of this project's name-based ids (a fixed random UUID). */
export const PROCESS_NAMESPACE = '6f1c7a52-3b0e-4f57-9a2d-1c9e8b7d4a30';

/** RFC 4122 version 5 UUID (SHA-1 of namespace + name), so the same cause always yields the same event id. */
export function uuidV5(name: string, namespace: string = PROCESS_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`invalid namespace uuid: ${namespace}`);
  const bytes = hash('sha1', Buffer.concat([ns, Buffer.from(name, 'utf8')]), 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the n-th event produced by a step that reacts to a causing event. */
export function followUpEventId(causingEventId: string, step: string, index: number): string {
  return uuidV5(`${causingEventId}/${step}/${index}`);
}
