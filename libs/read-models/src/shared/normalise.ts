/** Search and sort key: trimmed, lower case. Stored beside the display value so lookups are index range scans. */
export const normalise = (value: string): string => value.trim().toLowerCase();

/**
 * The smallest string greater than every string starting with `prefix` (bytewise order), so
 * `key >= prefix and key < prefixEnd(prefix)` is a prefix match an index can serve.
 */
export function prefixEnd(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
