import type { KeyObject } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ExportVerifier, type Verdict } from './export-verifier';
import { compareStreams } from './head-line';
import { parseLine, type ParsedLine } from './line-parser';
import { linesReadInThreads } from './threaded-lines';

/**
 * An export's lines in batches (a file is read a chunk at a time: one await per chunk, not per line): each line as
 * its UTF-8 bytes, or, for an event line already read and verified by the fast read, what it read.
 */
type Lines = AsyncIterable<readonly (Buffer | ParsedLine)[]> | Iterable<readonly (Buffer | ParsedLine)[]>;

/**
 * Verifies an export given a way to read its lines (twice at most: some lines are known only once the manifest was
 * read, such as the first line past a stream's signed head or the place of a removed head event).
 */
export async function verifyExport(readLines: () => Lines, publicKey: KeyObject): Promise<Verdict> {
  const verifier = new ExportVerifier(publicKey);
  for await (const batch of readLines())
    for (const line of batch)
      if (line instanceof Uint8Array) verifier.push(line);
      else verifier.pushEvent(line);
  const verdict = verifier.end();
  if (verdict.intact || !verdict.locate) return verdict;
  const locate = verdict.locate;
  let number = 0;
  search: for await (const batch of readLines()) {
    for (const line of batch) {
      number++;
      const parsed = line instanceof Uint8Array ? parseLine(line) : { value: undefined, event: line };
      if (!parsed) continue;
      const { value, event } = parsed;
      if (typeof value === 'object' && value !== null) {
        if ('manifest' in value) break search;
        if ('head' in value) {
          if ('head' in locate ? typeof value.head === 'string' && compareStreams(value.head, locate.head) > 0 : 'position' in locate)
            break search;
          continue;
        }
      }
      if (typeof event === 'string' || 'head' in locate) continue;
      if ('position' in locate ? event.position > locate.position : event.stream === locate.stream && event.revision === locate.revision)
        break search;
    }
  }
  return { ...verdict, line: number, locate: undefined };
}

/** Below this size a file is verified in this thread alone: starting the threads would cost more than they save. */
const THREADED_FROM_BYTES = 16 << 20;

/**
 * Verifies an export file offline, reading it a chunk at a time (memory flat in the number of events). A large file's
 * event lines are read and hashed by `threads` other threads (one per core unless told), this one checking the chains.
 */
export async function verifyExportFile(file: string, publicKey: KeyObject, options: { threads?: number } = {}): Promise<Verdict> {
  const threads = options.threads ?? (statSync(file).size >= THREADED_FROM_BYTES ? availableParallelism() : 0);
  return verifyExport(() => (threads > 0 ? linesReadInThreads(file, threads) : linesOf(file)), publicKey);
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The file's lines as views of the chunks read (a line break is `\n`, a `\r` before it is dropped), a chunk's worth
 * at a time; nothing is decoded here, and only a line that spans two chunks is copied. The file is closed when the
 * reader stops early too.
 */
async function* linesOf(file: string): AsyncGenerator<Buffer[]> {
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  // The bytes after the last line break read: the start of a line a later chunk ends.
  let rest: Buffer[] = [];
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const lines: Buffer[] = [];
      let start = 0;
      for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
        const line = chunk.subarray(start, end);
        lines.push(withoutCarriageReturn(rest.length > 0 ? Buffer.concat([...rest, line]) : line));
        rest = [];
        start = end + 1;
      }
      if (start < chunk.length) rest.push(chunk.subarray(start));
      if (lines.length > 0) yield lines;
    }
    if (rest.length > 0) yield [withoutCarriageReturn(Buffer.concat(rest))];
  } finally {
    input.destroy();
  }
}

const withoutCarriageReturn = (line: Buffer) => (line[line.length - 1] === CARRIAGE_RETURN ? line.subarray(0, -1) : line);

/** The one line the CLI prints for a verdict. */
export function describeVerdict(verdict: Verdict): string {
  return verdict.intact
    ? `intact: ${verdict.events} events, ${verdict.streams} streams`
    : `line ${verdict.line}: ${verdict.finding}: ${verdict.detail}`;
}
