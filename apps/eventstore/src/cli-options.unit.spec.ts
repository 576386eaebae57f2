import { ConfigError, interpretCommandLine } from '@app/config';
import { applyFlags, CliError, commandLine, loadServerEnv } from './cli-options';

const optionsOf = (argv: string[], env: Record<string, string> = {}) => {
  const line = interpretCommandLine(commandLine, argv);
  if (line.kind !== 'run') throw new Error(`not a runnable command line: ${JSON.stringify(line)}`);
  return applyFlags(line.values, loadServerEnv(env));
};

describe('the event store command line and environment', () => {
  it('defaults to a durable store on 127.0.0.1:2113', () => {
    expect(optionsOf([])).toEqual({
      host: '127.0.0.1',
      port: 2113,
      dataDir: './data/eventstore',
      memory: false,
      nullStorage: false,
      statsSeconds: undefined,
      logLevel: 'info',
    });
  });

  it('reads the environment and lets flags override it', () => {
    const env = { EVENTSTORE_HOST: '0.0.0.0', EVENTSTORE_PORT: '3113', EVENTSTORE_DATA: '/tmp/x', EVENTSTORE_STATS: '5' };
    expect(optionsOf([], env)).toMatchObject({ host: '0.0.0.0', port: 3113, dataDir: '/tmp/x', statsSeconds: 5 });
    expect(optionsOf(['--port', '0', '--memory'], env)).toMatchObject({ port: 0, memory: true, dataDir: undefined });
    expect(optionsOf(['--host', '127.0.0.1', '--port', '2114', '--data', '/tmp/y', '--stats', '2'], env)).toEqual({
      host: '127.0.0.1',
      port: 2114,
      dataDir: '/tmp/y',
      memory: false,
      nullStorage: false,
      statsSeconds: 2,
      logLevel: 'info',
    });
    expect(optionsOf([], { LOG_LEVEL: 'warn' })).toMatchObject({ logLevel: 'warn' });
    expect(() => optionsOf([], { LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(optionsOf(['--null'], { EVENTSTORE_MEMORY: 'true' })).toMatchObject({ nullStorage: true, memory: false, dataDir: undefined });
    expect(optionsOf([], { EVENTSTORE_MEMORY: 'true' })).toMatchObject({ memory: true, dataDir: undefined });
    expect(optionsOf(['--data', '/tmp/z'], { EVENTSTORE_MEMORY: 'true' })).toMatchObject({ memory: false, dataDir: '/tmp/z' });
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--data', '/tmp/a', '--memory']],
    [['--null', '--memory']],
    [['--data', '/tmp/a', '--null']],
    [['--stats', '0']],
  ])('refuses the flags %j', (argv) => {
    expect(() => optionsOf(argv)).toThrow(CliError);
  });

  it.each([[['--data']], [['--bogus']], [['extra']]])('calls %j a usage mistake', (argv) => {
    expect(interpretCommandLine(commandLine, argv).kind).toBe('mistake');
  });

  it('reports every bad variable at once', () => {
    expect(() => loadServerEnv({ EVENTSTORE_PORT: 'x', EVENTSTORE_MEMORY: 'maybe', EVENTSTORE_STATS: '0' })).toThrow(ConfigError);
    try {
      loadServerEnv({ EVENTSTORE_PORT: 'x', EVENTSTORE_MEMORY: 'maybe', EVENTSTORE_STATS: '0' });
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual([
        'EVENTSTORE_PORT',
        'EVENTSTORE_MEMORY',
        'EVENTSTORE_STATS',
      ]);
    }
  });
});
