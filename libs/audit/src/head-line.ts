import { createHash, type Hash } from 'node:crypto';

/**
 * Where one stream's chain ends in an export: one line per stream after the event lines, sorted by stream name, each
 * `{"head":"<stream>","revision":R,"position":"P","hash":"H"}`. The manifest signs a digest of these lines rather than
 * carrying them, so neither the server that writes an export nor the manifest grows with the number of streams.
 */
export interface StreamHead {
  stream: string;
  revision: number;
  hash: string;
  /** The head event's log position (decimal): where a removed last event belonged, for the verifier to name. */
  position: string;
}

/** The head line (without its newline). */
export function headLine(head: StreamHead): string {
  return `{"head":${JSON.stringify(head.stream)},"revision":${head.revision},"position":"${head.position}","hash":${JSON.stringify(head.hash)}}`;
}

/** A head line's content, or what is wrong with it. */
export function parseHeadLine(value: Record<string, unknown>): StreamHead | string {
  const { head, revision, position, hash } = value;
  if (typeof head !== 'string' || head.length === 0) return 'a head line without its stream';
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0)
    return `the head line of ${head} has no valid revision`;
  if (typeof position !== 'string' || !/^\d+$/.test(position)) return `the head line of ${head} has no valid position`;
  if (typeof hash !== 'string') return `the head line of ${head} has no hash`;
  return { stream: head, revision, position, hash };
}

/**
 * The digest the manifest signs over the head lines: SHA-256 (hex) of their UTF-8 bytes exactly as written, each
 * followed by `\n` (so a CRLF copy of the file digests the same).
 */
export class HeadsDigest {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  add(line: string | Uint8Array): void {
    this.hash.update(line);
    this.hash.update('\n');
    this.count++;
  }

  get lines(): number {
    return this.count;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Stream names in the order of the head lines: by their UTF-8 bytes, the order SQLite's default collation gives the
 * export's on-disk table of heads (for the names of domain streams, ASCII, the same as comparing the strings).
 */
export function compareStreams(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
