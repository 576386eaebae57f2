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

/** GET /v1/audit/export into the file, with a progress line on stderr; resolves with the number of lines written. */
export async function exportToFile(args: ExportArguments): Promise<number> {
  const query = new URLSearchParams(Object.entries(args.selection).map(([name, value]): [string, string] => [name, String(value)]));
  const response = await get(`${args.url.replace(/\/+$/, '')}/v1/audit/export?${query}`, { authorization: `Bearer ${args.token}` });
  if (response.statusCode !== 200)
    throw new CommandFailure(`the API answered ${response.statusCode}: ${problemText(await textOf(response))}`);
  const progress = new Progress('exported');
  let lines = 0;
  let lastByte = NEWLINE;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let found = 0;
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) found++;
      lines += found;
      if (chunk.length > 0) lastByte = chunk[chunk.length - 1];
      progress.add(found);
      done(null, chunk);
    },
  });
  try {
    await pipeline(response, count, createWriteStream(args.out));
  } catch (error) {
    throw new CommandFailure(`the export broke off after ${lines} lines (${(error as Error).message}); ${args.out} is incomplete`);
  }
  // The server ends every export with its manifest line; an answer that stops mid-line was cut short.
  if (lastByte !== NEWLINE) throw new CommandFailure(`the export broke off after ${lines} lines; ${args.out} is incomplete`);
  process.stderr.write(`${progress.done()}\n`);
  return lines;
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
