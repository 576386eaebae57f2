/** Search and sort key: trimmed, lower case. Stored beside the display value so lookups are index range scans. */
export const normalise = (value: string): string => value.trim().toLowerCase();

/**
 * The smallest string greater than every string starting with `prefix` in code-point order (the order of
 * UTF-8 bytes: SQLite's BINARY and PostgreSQL's "C" collation), so `key >= prefix and key < prefixEnd(prefix)`
 * is a prefix match an index can serve.
 */
export function prefixEnd(prefix: string): string {
  const points = Array.from(prefix, (c) => c.codePointAt(0)!);
  // A trailing U+10FFFF cannot be incremented: the bound moves to the code point before it.
  while (points.length > 0 && points[points.length - 1] === 0x10ffff) points.pop();
  if (points.length === 0) throw new Error('prefixEnd: no string follows every string starting with this prefix');
  const next = points[points.length - 1] + 1;
  points[points.length - 1] = next === 0xd800 ? 0xe000 : next;
  return String.fromCodePoint(...points);
}
