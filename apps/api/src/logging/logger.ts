import { pino, type Logger } from 'pino';
import { prettyDestination } from './pretty-lines';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The API process's one logger: JSON lines on stdout, pretty when a person runs it in a terminal. Request headers
 * never reach it whole (the request line logs method, route and ids only), and these paths are censored wherever a
 * caller passes an object that holds them.
 */
export function createLogger(level: LogLevel, pretty = process.stdout.isTTY === true): Logger {
  const options = {
    level,
    base: undefined,
    redact: {
      paths: ['authorization', 'headers.authorization', 'token', 'password', 'temporaryPassword', 'secret', 'idempotencyKey'],
      censor: '[redacted]',
    },
  };
  return pretty ? pino(options, prettyDestination()) : pino(options);
}
