import { SOFT_DELETED_TB } from './records';

/** The parts of a stream's `$metadata` (the last event of `$$stream`) that change what the server returns. */
export interface StreamMetadata {
  maxCount?: number;
  maxAge?: number;
  truncateBefore?: number;
  softDeleted: boolean;
  /** The whole JSON object, so recreation can keep the custom keys. */
  raw: Record<string, unknown>;
}

export const NO_METADATA: StreamMetadata = { softDeleted: false, raw: {} };

const positiveInteger = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;

export function parseStreamMetadata(data: Buffer): StreamMetadata {
  const text = data.toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return NO_METADATA;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return NO_METADATA;
  const object = raw as Record<string, unknown>;
  // JSON.parse rounds long.MaxValue, so the soft-delete marker is recognised in the text itself.
  const softDeleted = new RegExp(`"\\$tb"\\s*:\\s*${SOFT_DELETED_TB}\\b`).test(text);
  return {
    maxCount: positiveInteger(object.$maxCount),
    maxAge: positiveInteger(object.$maxAge),
    truncateBefore: softDeleted ? undefined : positiveInteger(object.$tb),
    softDeleted,
    raw: object,
  };
}

/**
 * The lowest revision a read may return given `$tb` and `$maxCount`; `$maxAge` is checked per event
 * because it depends on the clock.
 */
export function firstVisibleRevision(metadata: StreamMetadata, lastRevision: number): number {
  let first = 0;
  if (metadata.truncateBefore !== undefined) first = Math.max(first, metadata.truncateBefore);
  if (metadata.maxCount !== undefined) first = Math.max(first, lastRevision - metadata.maxCount + 1);
  return first;
}

export function isTooOld(metadata: StreamMetadata, createdMs: number, nowMs: number): boolean {
  return metadata.maxAge !== undefined && createdMs < nowMs - metadata.maxAge * 1000;
}

/** The metadata written when a soft-deleted stream is appended to again: the other keys stay. */
export function recreatedMetadata(metadata: StreamMetadata, truncateBefore: number): Buffer {
  return Buffer.from(JSON.stringify({ ...metadata.raw, $tb: truncateBefore }));
}

export const softDeleteMetadata = (): Buffer => Buffer.from(`{"$tb":${SOFT_DELETED_TB}}`);
