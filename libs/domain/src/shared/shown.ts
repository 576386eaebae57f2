/** A short, safe rendering of an untrusted value for an error message (never throws, never huge). */
export const shown = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : value === null ? 'null' : typeof value;
