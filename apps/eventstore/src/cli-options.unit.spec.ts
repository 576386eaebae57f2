import { CliError, parseCliOptions } from './cli-options';

describe('parseCliOptions', () => {
  it('defaults to a durable store on 127.0.0.1:2113', () => {
    expect(parseCliOptions([], {})).toEqual({
      host: '127.0.0.1',
      port: 2113,
      dataDir: './data/eventstore',
      memory: false,
      statsSeconds: undefined,
      help: false,
    });
  });

  it('reads the environment and lets flags override it', () => {
    const env = { EVENTSTORE_HOST: '0.0.0.0', EVENTSTORE_PORT: '3113', EVENTSTORE_DATA: '/tmp/x', EVENTSTORE_STATS: '5' };
    expect(parseCliOptions([], env)).toMatchObject({ host: '0.0.0.0', port: 3113, dataDir: '/tmp/x', statsSeconds: 5 });
    expect(parseCliOptions(['--port', '0', '--memory'], env)).toMatchObject({ port: 0, memory: true, dataDir: undefined });
    expect(parseCliOptions([], { EVENTSTORE_MEMORY: 'true' })).toMatchObject({ memory: true, dataDir: undefined });
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--data']],
    [['--data', '/tmp/a', '--memory']],
    [['--stats', '0']],
    [['--bogus']],
  ])('refuses %j', (argv) => {
    expect(() => parseCliOptions(argv, {})).toThrow(CliError);
  });
});
