import { QueryValidationError } from './query-error';

/** A keyset cursor: the sort key of a page's last row, opaque to clients. */
export const encodeCursor = (key: readonly [string, string]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // fall through to the refusal below
  }
  throw new QueryValidationError('cursor', 'cursor is not one this API returned');
}

export interface Page<T> {
  readonly items: T[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** The page size a query was asked for (default 50, at most 200). */
export function pageLimit(limit: number | undefined): number {
  const value = limit ?? 50;
  if (!Number.isInteger(value) || value < 1 || value > 200)
    throw new QueryValidationError('limit', 'limit must be an integer from 1 to 200');
  return value;
}
