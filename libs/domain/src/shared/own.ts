/**
 * Reads a record by an untrusted key without reaching inherited members such as `constructor`; a key that
 * is not a string (an object without a prototype cannot even be turned into one) finds nothing.
 */
export const own = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  typeof key === 'string' && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
