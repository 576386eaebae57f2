import { createWriteStream } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Progress } from './progress';

export interface ExportArguments {
  url: string;
  token: string;
  selection: { customer: string } | { partner: string } | { all: true };
  out: string;
}

/** Thrown for an answer other than the export: the CLI prints it and exits 1. */
export class CommandFailure extends Error {}

const NEWLINE = 0x0a;

/** GET /v1/audit/export into the file, with a progress line on stderr; resolves with the number of events written. */
export async function exportToFile(args: ExportArguments): Promise<number> {
  const query = new URLSearchParams(Object.entries(args.selection).map(([name, value]): [string, string] => [name, String(value)]));
  const response = await get(`${args.url.replace(/\/+$/, '')}/v1/audit/export?${query}`, { authorization: `Bearer ${args.token}` });
  if (response.statusCode !== 200)
    throw new CommandFailure(`the API answered ${response.statusCode}: ${problemText(await textOf(response))}`);
  const progress = new Progress('exported');
  const lines = new EventLineCount();
  let lastByte = NEWLINE;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      progress.add(lines.add(chunk));
      if (chunk.length > 0) lastByte = chunk[chunk.length - 1];
      done(null, chunk);
    },
  });
  try {
    await pipeline(response, count, createWriteStream(args.out));
  } catch (error) {
    throw new CommandFailure(`the export broke off after ${lines.lines} lines (${(error as Error).message}); ${args.out} is incomplete`);
  }
  // The server ends every export with its manifest line; an answer that stops mid-line was cut short.
  if (lastByte !== NEWLINE) throw new CommandFailure(`the export broke off after ${lines.lines} lines; ${args.out} is incomplete`);
  process.stderr.write(`${progress.done()}\n`);
  return lines.events;
}

const EVENT_LINE_THIRD_BYTE = 0x73; // `s`

/**
 * Counts lines, and event lines among them, as the export's bytes go by: an event line starts `{"stream"`, a head
 * line `{"head"` and the manifest `{"manifest"`, so the third byte of a line tells them apart.
 */
export class EventLineCount {
  lines = 0;
  events = 0;
  /** How many bytes of the current line were seen, up to 3. */
  private seen = 0;

  /** The event lines that start in `chunk`. */
  add(chunk: Buffer): number {
    let found = 0;
    let at = 0;
    while (at < chunk.length) {
      if (this.seen < 3) {
        const third = at + 2 - this.seen;
        if (third >= chunk.length) {
          this.seen += chunk.length - at;
          break;
        }
        if (chunk[third] === EVENT_LINE_THIRD_BYTE) found++;
        this.seen = 3;
      }
      const end = chunk.indexOf(NEWLINE, at);
      if (end === -1) break;
      this.lines++;
      this.seen = 0;
      at = end + 1;
    }
    this.events += found;
    return found;
  }
}

/** GET /.well-known/audit-public-key.pem into the file. */
export async function publicKeyToFile(url: string, out: string): Promise<void> {
  const response = await fetch(`${url.replace(/\/+$/, '')}/.well-known/audit-public-key.pem`);
  if (response.status !== 200) throw new CommandFailure(`the API answered ${response.status}: ${await problemOf(response)}`);
  const pem = await response.text();
  if (!pem.includes('BEGIN PUBLIC KEY')) throw new CommandFailure('the API did not answer with a PEM public key');
  await pipeline(Readable.from([pem]), createWriteStream(out));
}

/**
 * A GET with node's own client rather than fetch: the API answers a customer's or a partner's export only once it has
 * read the log to select its streams, which on a large log takes longer than fetch waits for response headers.
 */
function get(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => (url.startsWith('https:') ? httpsGet : httpGet)(url, { headers }, resolve).once('error', reject));
}

async function textOf(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) text += chunk;
  return text;
}

async function problemOf(response: Response): Promise<string> {
  return problemText(await response.text().catch(() => ''));
}

function problemText(text: string): string {
  try {
    const problem = JSON.parse(text) as { detail?: string; code?: string };
    return `${problem.code ?? ''} ${problem.detail ?? ''}`.trim() || text;
  } catch {
    return text.slice(0, 200);
  }
}
