import { ConfigError, readConfig, type EnvReader } from './env-reader';

const sample = (read: EnvReader) => ({
  port: read.integer('PORT', 3000, 0, 65535),
  name: read.string('NAME', 'api'),
  verbose: read.bool('VERBOSE', false),
  mode: read.oneOf('MODE', ['inline', 'off'] as const, 'inline'),
  database: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
  secret: read.secret('SECRET', 32),
});

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    readConfig('sample', env, sample);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('readConfig', () => {
  it('gives the defaults when nothing is set, and treats an empty variable as unset', () => {
    const defaults = { port: 3000, name: 'api', verbose: false, mode: 'inline', database: undefined, secret: undefined };
    expect(readConfig('sample', {}, sample)).toEqual(defaults);
    expect(readConfig('sample', { PORT: '', NAME: '', VERBOSE: '', MODE: '', DATABASE_URL: '', SECRET: '' }, sample)).toEqual(defaults);
  });

  it('reads well-formed values', () => {
    const env = { PORT: '8080', NAME: 'x', VERBOSE: 'yes', MODE: 'off', DATABASE_URL: 'postgres://u:p@db/csp', SECRET: 'k'.repeat(32) };
    expect(readConfig('sample', env, sample)).toEqual({
      port: 8080,
      name: 'x',
      verbose: true,
      mode: 'off',
      database: 'postgres://u:p@db/csp',
      secret: 'k'.repeat(32),
    });
    expect(readConfig('sample', { VERBOSE: '0', PORT: '0' }, sample)).toMatchObject({ verbose: false, port: 0 });
  });

  it('reports every problem at once, each naming its variable, without repeating a secret or a URL', () => {
    const env = { PORT: '70000', VERBOSE: 'maybe', MODE: 'sometimes', DATABASE_URL: 'mysql://root:hunter2@db/x', SECRET: 'short-secret' };
    expect(problemsOf(env)).toEqual([
      'PORT: must be an integer from 0 to 65535, not "70000"',
      'VERBOSE: must be one of 1, true, yes, on, 0, false, no, off, not "maybe"',
      'MODE: must be "inline" or "off", not "sometimes"',
      'DATABASE_URL: must be a postgres: or postgresql: URL, not mysql:',
      'SECRET: is 12 bytes long; at least 32 are required (for example: openssl rand -hex 32)',
    ]);
    let message = '';
    try {
      readConfig('sample', env, sample);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^sample: cannot start, the configuration has 5 problems:\n {2}PORT: /);
    expect(message).not.toMatch(/hunter2|short-secret/);
  });

  it.each([['1.5'], ['3e3'], ['0x10'], ['-1'], ['port']])('refuses PORT=%s as an integer in range', (PORT) => {
    expect(problemsOf({ PORT })).toEqual([`PORT: must be an integer from 0 to 65535, not "${PORT}"`]);
  });

  it('refuses a URL that is not absolute, and counts a secret in bytes rather than characters', () => {
    expect(problemsOf({ DATABASE_URL: 'db.example:5432' })).toEqual([
      'DATABASE_URL: is not an absolute URL (expected postgres://… or postgresql://…)',
    ]);
    expect(problemsOf({ DATABASE_URL: 'postgres://db1:5432,db2:5432/csp' })).toEqual([]);
    expect(problemsOf({ DATABASE_URL: 'not a url' })).toEqual([
      'DATABASE_URL: is not an absolute URL (expected postgres://… or postgresql://…)',
    ]);
    expect(problemsOf({ SECRET: 'é'.repeat(16) })).toEqual([]);
    expect(problemsOf({ SECRET: 'é'.repeat(15) })[0]).toMatch(/^SECRET: is 30 bytes long/);
  });

  it('checks a web URL fully, beyond its scheme', () => {
    const web = (read: EnvReader) => read.url('PUBLIC_URL', ['http:', 'https:']);
    expect(readConfig('web', { PUBLIC_URL: 'https://csp.example/base' }, web)).toBe('https://csp.example/base');
    expect(() => readConfig('web', { PUBLIC_URL: 'http://exa mple' }, web)).toThrow('PUBLIC_URL: is not an absolute URL');
    expect(() => readConfig('web', { PUBLIC_URL: 'http://[::1' }, web)).toThrow('PUBLIC_URL: is not a valid URL');
  });

  it('collects problems found across several variables with read.problem', () => {
    const build = (read: EnvReader) => {
      const a = read.string('A');
      const b = read.string('B');
      if (a && b) read.problem('A', 'and B are exclusive');
      return { port: read.integer('PORT', 1, 1, 2) };
    };
    expect(() => readConfig('pair', { A: 'x', B: 'y', PORT: '3' }, build)).toThrow(
      'pair: cannot start, the configuration has 2 problems:\n  A: and B are exclusive\n  PORT: must be an integer from 1 to 2, not "3"',
    );
  });
});
