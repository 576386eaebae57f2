/** UTF-8 takes at most three bytes per UTF-16 code unit of a string. */
const MAX_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;
const NONE: readonly Buffer[] = [];

/** The most bytes a line can take, its newline included. */
function mostBytes(line: string | readonly (string | Uint8Array)[]): number {
  if (typeof line === 'string') return line.length * MAX_BYTES_PER_UNIT + 1;
  let most = 1;
  for (const part of line) most += typeof part === 'string' ? part.length * MAX_BYTES_PER_UNIT : part.length;
  return most;
}

/**
 * Lines gathered into chunks of about `size` bytes to send, each line encoded once, straight into its chunk (no string
 * of many lines joined and then encoded again); a line too long for a chunk goes out as a chunk of its own.
 */
export class LineChunks {
  private chunk: Buffer;
  private used = 0;

  constructor(private readonly size: number) {
    this.chunk = Buffer.allocUnsafe(size);
  }

  /** Adds a line (its newline added), given whole or in parts of text and bytes, and returns the chunks that are full, most often none. */
  add(line: string | readonly (string | Uint8Array)[]): readonly Buffer[] {
    const most = mostBytes(line);
    if (this.used + most <= this.size) {
      this.write(line);
      return NONE;
    }
    const full = this.take();
    if (most <= this.size) {
      this.write(line);
      return full;
    }
    const parts = typeof line === 'string' ? [line] : line;
    return [...full, Buffer.concat([...parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)), Buffer.from('\n')])];
  }

  /** What is left, as the last chunks. */
  end(): readonly Buffer[] {
    return this.take();
  }

  private write(line: string | readonly (string | Uint8Array)[]): void {
    if (typeof line === 'string') this.used += this.chunk.write(line, this.used);
    else
      for (const part of line)
        if (typeof part === 'string') this.used += this.chunk.write(part, this.used);
        else {
          this.chunk.set(part, this.used);
          this.used += part.length;
        }
    this.chunk[this.used++] = NEWLINE;
  }

  private take(): readonly Buffer[] {
    if (this.used === 0) return NONE;
    const full = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(this.size);
    this.used = 0;
    return [full];
  }
}
