/** Reads a record by an untrusted key without reaching inherited members such as `constructor`. */
export const own = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
