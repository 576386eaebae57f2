/** UTF-8 takes at most three bytes per UTF-16 code unit of a string. */
const MAX_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;
const NONE: readonly Buffer[] = [];

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

  /** Adds a line (its newline added) and returns the chunks that are full, most often none. */
  add(line: string): readonly Buffer[] {
    const most = line.length * MAX_BYTES_PER_UNIT + 1;
    if (this.used + most <= this.size) {
      this.write(line);
      return NONE;
    }
    const full = this.take();
    if (most <= this.size) {
      this.write(line);
      return full;
    }
    return [...full, Buffer.from(`${line}\n`)];
  }

  /** What is left, as the last chunks. */
  end(): readonly Buffer[] {
    return this.take();
  }

  private write(line: string): void {
    this.used += this.chunk.write(line, this.used);
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
