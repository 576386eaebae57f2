import { isMainThread } from 'node:worker_threads';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { prettyDestination } from './pretty-lines';

export type { PinoLogger };
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Every process's one logger (the API, its threads, the projector, the embedded store): pino, JSON lines on stdout,
 * pretty when a person runs it in a terminal. Request headers never reach it whole (the request line logs method,
 * route and ids only), and these paths are censored wherever a caller passes an object that holds them.
 */
export function createLogger(level: LogLevel, pretty = process.stdout.isTTY === true): PinoLogger {
  const options = {
    level,
    base: undefined,
    redact: {
      paths: ['authorization', 'headers.authorization', 'token', 'password', 'temporaryPassword', 'secret', 'idempotencyKey'],
      censor: '[redacted]',
    },
  };
  return pino(options, pretty ? prettyDestination() : jsonDestination());
}

/** How much a blocked stdout may hold back; lines past it are dropped, so memory stays bounded whoever reads the logs. */
const MAX_PENDING_LOG_BYTES = 16 * 1024 * 1024;

/** How long a line may wait in the main thread's buffer before it is written. */
const FLUSH_AFTER_MS = 100;

/**
 * On the main thread lines are gathered into writes of a few KiB, made off the event loop and at most 100 ms after a
 * line came, rather than one write per line (one per request under load). The flush timer is armed by a line, and by
 * a finished write that may have left lines behind, not kept running: a periodic flush would wake an idle process ten
 * times a second to write nothing. pino writes out what is pending when the process exits, so only a kill -9 loses the
 * last lines. pino flushes on exit only from the main thread, so worker threads write each line as it comes.
 */
function jsonDestination(): DestinationStream {
  if (!isMainThread) return pino.destination({ dest: 1, sync: true });
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096, maxLength: MAX_PENDING_LOG_BYTES });
  let flushTimer: NodeJS.Timeout | undefined;
  const flush = () => {
    flushTimer = undefined;
    try {
      stream.flush();
    } catch {
      // Destroyed: the exit's own flush wrote the last lines.
    }
  };
  const arm = () => {
    if (flushTimer === undefined) (flushTimer = setTimeout(flush, FLUSH_AFTER_MS)).unref();
  };
  // A flush during a write only waits for it, and lines that came meanwhile stay behind when the write ends; a write of
  // nothing (a flush with nothing pending) leaves nothing behind.
  let lastWriteBytes = 0;
  stream.on('write', (bytes: number) => (lastWriteBytes = bytes));
  stream.on('drain', () => lastWriteBytes > 0 && arm());
  const write = stream.write.bind(stream);
  stream.write = (line: string) => {
    arm();
    return write(line);
  };
  return stream;
}

/** What the libraries log through (the read models' runners, the embedded store): a message, then its fields. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A library's `Logger` writing through a pino logger, under a `context` naming the part that logs. */
export function libraryLogger(logger: PinoLogger, context: string): Logger {
  const child = logger.child({ context });
  return {
    info: (message, fields) => child.info(fields ?? {}, message),
    warn: (message, fields) => child.warn(fields ?? {}, message),
    error: (message, fields) => child.error(fields ?? {}, message),
  };
}
