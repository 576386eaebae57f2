import type { KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ExportVerifier, type Verdict } from './export-verifier';
import { compareStreams } from './head-line';
import { parseLine } from './line-parser';

/** An export's lines as UTF-8 bytes, in batches (a file is read a chunk at a time: one await per chunk, not per line). */
type Lines = AsyncIterable<readonly Buffer[]> | Iterable<readonly Buffer[]>;

/**
 * Verifies an export given a way to read its lines (twice at most: some lines are known only once the manifest was
 * read, such as the first line past a stream's signed head or the place of a removed head event).
 */
export async function verifyExport(readLines: () => Lines, publicKey: KeyObject): Promise<Verdict> {
  const verifier = new ExportVerifier(publicKey);
  for await (const batch of readLines()) for (const line of batch) verifier.push(line);
  const verdict = verifier.end();
  if (verdict.intact || !verdict.locate) return verdict;
  const locate = verdict.locate;
  let number = 0;
  search: for await (const batch of readLines()) {
    for (const line of batch) {
      number++;
      const parsed = parseLine(line);
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

/** Verifies an export file offline, reading it line by line (memory flat in the number of events). */
export function verifyExportFile(file: string, publicKey: KeyObject): Promise<Verdict> {
  return verifyExport(() => linesOf(file), publicKey);
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
