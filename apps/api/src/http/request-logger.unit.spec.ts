import { pino } from 'pino';
import { requestLogger } from './request-context';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ base: undefined }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe("Fastify's logger of a request", () => {
  it('makes no pino child for a request Fastify says nothing about', () => {
    const { logger } = capturingLogger();
    const child = jest.spyOn(logger, 'child');
    requestLogger(logger, { reqId: 'r-1' }, {});
    expect(child).not.toHaveBeenCalled();
  });

  it('writes what Fastify says with the request id, through one child made on first use', () => {
    const { logger, lines } = capturingLogger();
    const child = jest.spyOn(logger, 'child');
    const log = requestLogger(logger, { reqId: 'r-1' }, {});
    log.warn('reply already sent');
    log.error({ code: 'E' }, 'hook failed');
    log.debug('below the level');
    expect(child).toHaveBeenCalledTimes(1);
    log.child({ hook: 'onSend' }).info('nested');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, reqId: 'r-1', msg: 'reply already sent' }),
      expect.objectContaining({ level: 50, reqId: 'r-1', code: 'E', msg: 'hook failed' }),
      expect.objectContaining({ level: 30, reqId: 'r-1', hook: 'onSend', msg: 'nested' }),
    ]);
    expect(log.level).toBe('info');
  });
});
