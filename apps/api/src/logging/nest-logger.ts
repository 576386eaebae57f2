import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

/** Nest's own messages (and every `new Logger(context)` of ours) through the process's pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    // Nest's start-up inventory (every module and route) is for whoever debugs the wiring.
    if (context !== undefined && STARTUP_INVENTORY.has(context)) this.logger.debug(fields(context), text(message));
    else this.logger.info(fields(context), text(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    // Nest passes (message, context) when there is no stack.
    const [stack, ctx] = context === undefined && trace !== undefined && !trace.includes('\n') ? [undefined, trace] : [trace, context];
    this.logger.error({ ...fields(ctx), ...(stack ? { stack } : {}) }, text(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn(fields(context), text(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug(fields(context), text(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace(fields(context), text(message));
  }
}

const STARTUP_INVENTORY = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);
const fields = (context: string | undefined) => (context ? { context } : {});
const text = (message: unknown) =>
  typeof message === 'string' ? message : message instanceof Error ? message.message : JSON.stringify(message);
