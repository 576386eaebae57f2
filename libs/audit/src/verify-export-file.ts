import type { KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ExportVerifier, parseEventLine, type Verdict } from './export-verifier';

type Lines = AsyncIterable<string> | Iterable<string>;

/**
 * Verifies an export given a way to read its lines (twice at most: some lines are known only once the manifest was
 * read, such as the first line past a stream's signed head or the place of a removed head event).
 */
export async function verifyExport(readLines: () => Lines, publicKey: KeyObject): Promise<Verdict> {
  const verifier = new ExportVerifier(publicKey);
  for await (const line of readLines()) verifier.push(line);
  const verdict = verifier.end();
  if (verdict.intact || !verdict.locate) return verdict;
  const locate = verdict.locate;
  let number = 0;
  for await (const line of readLines()) {
    number++;
    const value = safeParse(line);
    if (typeof value === 'object' && value !== null && 'manifest' in value) break;
    const event = parseEventLine(value);
    if (typeof event === 'string') continue;
    if ('position' in locate ? event.position > locate.position : event.stream === locate.stream && event.revision === locate.revision)
      break;
  }
  return { ...verdict, line: number, locate: undefined };
}

/** Verifies an export file offline, reading it line by line (memory flat in the number of events). */
export function verifyExportFile(file: string, publicKey: KeyObject): Promise<Verdict> {
  return verifyExport(() => linesOf(file), publicKey);
}

/** The file's lines; the file is closed when the reader stops early too. */
async function* linesOf(file: string): AsyncGenerator<string> {
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    yield* createInterface({ input, crlfDelay: Infinity });
  } finally {
    input.destroy();
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The one line the CLI prints for a verdict. */
export function describeVerdict(verdict: Verdict): string {
  return verdict.intact
    ? `intact: ${verdict.events} events, ${verdict.streams} streams`
    : `line ${verdict.line}: ${verdict.finding}: ${verdict.detail}`;
}
