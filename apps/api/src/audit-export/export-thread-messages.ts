import type { Position } from '@eventstore/db-client';
import type { ExportScope, ExportTally } from '@app/audit';

/** What the export thread (`export-thread.ts`) is started with: where the store is and what to read. */
export interface ExportThreadData {
  connectionString: string;
  scope: ExportScope;
  /** The log is read through this position (inclusive). */
  through: Position;
  /** The streams the export holds; none: every domain stream. */
  streams?: string[];
  redactFor?: string;
}

/**
 * From the thread, besides its lifecycle (`ready`, `stopped`, `failed`): the body's bytes in order (each chunk's
 * buffer transferred, not copied), then what the manifest signs. Each chunk is acknowledged once the response took it.
 */
export type FromExportThread = { kind: 'chunk'; chunk: Uint8Array } | { kind: 'tally'; tally: ExportTally };

export type ToExportThread = { kind: 'ack' } | { kind: 'stop' };
