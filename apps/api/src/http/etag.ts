import { ProblemException, problem } from './problem';

const ETAG = /^(?:W\/)?"(\d{1,18})"$/;

/** Parses `If-Match: W/"<revision>"`; undefined when absent or `*` (no precondition beyond existence). */
export function parseIfMatch(header: unknown): bigint | undefined {
  if (header === undefined || header === '*') return undefined;
  const match = typeof header === 'string' ? ETAG.exec(header.trim()) : null;
  if (!match) {
    throw new ProblemException(problem(400, 'VALIDATION', 'If-Match must be an ETag such as W/"3".', { field: 'If-Match' }));
  }
  return BigInt(match[1]);
}

export function etagOf(revision: bigint): string {
  return `W/"${revision}"`;
}
