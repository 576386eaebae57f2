import { interpretCommandLine } from './command-line';

const spec = {
  name: 'npm run example',
  usage: 'Usage: npm run example -- [--port <n>] [--json] <name>',
  options: { port: { type: 'string' }, json: { type: 'boolean', default: false } },
  positionals: true,
} as const;

describe('interpretCommandLine', () => {
  it('parses options and positionals with node:util parseArgs', () => {
    expect(interpretCommandLine(spec, ['status', '--port', '2113', '--json'])).toEqual({
      kind: 'run',
      values: { port: '2113', json: true },
      positionals: ['status'],
    });
    expect(interpretCommandLine(spec, [])).toEqual({ kind: 'run', values: { json: false }, positionals: [] });
  });

  it('answers help for --help or -h, wherever it stands and whatever else is wrong', () => {
    expect(interpretCommandLine(spec, ['--help'])).toEqual({ kind: 'help' });
    expect(interpretCommandLine(spec, ['--bogus', '-h'])).toEqual({ kind: 'help' });
  });

  it('calls an unknown option, a missing value or an unexpected argument a mistake, with what is wrong', () => {
    expect(interpretCommandLine(spec, ['--bogus'])).toMatchObject({
      kind: 'mistake',
      message: expect.stringContaining("Unknown option '--bogus'"),
    });
    expect(interpretCommandLine(spec, ['--port'])).toMatchObject({
      kind: 'mistake',
      message: expect.stringContaining("'--port <value>' argument missing"),
    });
    expect(interpretCommandLine({ ...spec, positionals: false }, ['extra'])).toMatchObject({
      kind: 'mistake',
      message: expect.stringContaining("Unexpected argument 'extra'"),
    });
  });
});
