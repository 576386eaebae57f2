import { Writable } from 'node:stream';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'context']);

/** One JSON log line as a person reads it in a terminal: time, level, context, message, then the other fields. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const level = LEVELS[entry.level as number] ?? String(entry.level);
  const context = typeof entry.context === 'string' ? ` [${entry.context}]` : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !OWN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${time} ${level.padEnd(5)}${context} ${String(entry.msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}`;
}

/** A destination for pino that writes each line pretty (a terminal), without a transport thread. */
export function prettyDestination(out: NodeJS.WritableStream = process.stdout): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString('utf8');
      out.write(
        text
          .split('\n')
          .filter((line) => line.length > 0)
          .map((line) => `${prettyLine(line)}\n`)
          .join(''),
      );
      done();
    },
  });
}
