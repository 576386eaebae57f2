import type { KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ExportVerifier, type Verdict } from './export-verifier';
import { parseLine } from './line-parser';

/** An export's lines, in batches (a file is read a chunk at a time: one await per chunk, not per line). */
type Lines = AsyncIterable<readonly string[]> | Iterable<readonly string[]>;

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
      if (typeof value === 'object' && value !== null && 'manifest' in value) break search;
      if (typeof event === 'string') continue;
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

/**
 * The file's lines, a chunk's worth at a time (a line break is `\n`, a `\r` before it is dropped), decoded once per
 * chunk: several times cheaper than readline per line. The file is closed when the reader stops early too.
 */
async function* linesOf(file: string): AsyncGenerator<string[]> {
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  // The bytes after the chunk's last line break: the start of a line the next chunk ends.
  let rest: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const first = chunk.indexOf(NEWLINE);
      if (first === -1) {
        rest = Buffer.concat([rest, chunk]);
        continue;
      }
      const last = chunk.lastIndexOf(NEWLINE);
      const head = rest.length > 0 ? Buffer.concat([rest, chunk.subarray(0, first)]).toString('utf8') : chunk.toString('utf8', 0, first);
      const lines = first === last ? [] : splitLines(chunk.toString('utf8', first + 1, last));
      lines.unshift(head.endsWith('\r') ? head.slice(0, -1) : head);
      rest = chunk.subarray(last + 1);
      yield lines;
    }
    if (rest.length > 0) yield splitLines(rest.toString('utf8'));
  } finally {
    input.destroy();
  }
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  return lines;
}

/** The one line the CLI prints for a verdict. */
export function describeVerdict(verdict: Verdict): string {
  return verdict.intact
    ? `intact: ${verdict.events} events, ${verdict.streams} streams`
    : `line ${verdict.line}: ${verdict.finding}: ${verdict.detail}`;
}
