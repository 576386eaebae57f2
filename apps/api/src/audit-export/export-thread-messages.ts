import type { Position } from '@eventstore/db-client';
import type { ExportScope, ExportTally } from '@app/audit';

/** What the export thread (`export-thread.ts`) is started with: where the store is. */
export interface ExportThreadData {
  connectionString: string;
}

/** One export the thread is asked to write: what to read. */
export interface ThreadExport {
  scope: ExportScope;
  /** The log is read through this position (inclusive). */
  through: Position;
  /** The streams the export holds; none: every domain stream. */
  streams?: string[];
  redactFor?: string;
}

/**
 * From the thread, besides its lifecycle (`ready`, `stopped`, `failed`): the body's bytes in order (each chunk's
 * buffer transferred, not copied), then what the manifest signs, which ends the export.
 */
export type FromExportThread = { kind: 'chunk'; chunk: Uint8Array } | { kind: 'tally'; tally: ExportTally };

/** An export to write; a chunk taken by the response; stop (the lifecycle's, also what ends an export cut short). */
export type ToExportThread = { kind: 'export'; export: ThreadExport } | { kind: 'ack' } | { kind: 'stop' };
