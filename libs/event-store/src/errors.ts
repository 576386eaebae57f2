/**
 * The stream moved between the decision and the append (after one reload and retry), or the caller's
 * If-Match revision is not the current one. The API maps the first to 409 and the second to 412.
 */
export class StreamRevisionConflictError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: bigint | 'no_stream',
    readonly actual: bigint | null,
    readonly precondition: boolean,
  ) {
    super(
      precondition
        ? `stream ${streamName} is at revision ${actual ?? 'none'}, not the If-Match revision ${String(expected)}`
        : `stream ${streamName} was changed concurrently`,
    );
    this.name = 'StreamRevisionConflictError';
  }
}
