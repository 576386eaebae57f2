import { runEntry, type Entry } from './entries';

// Every entry point parses its command line with node:util parseArgs: --help prints the usage on stdout and
// exits 0; an unknown option, a missing value or a missing argument prints what is wrong and the usage on
// stderr and exits 2, before anything is started.
const usages: Record<Entry, string> = {
  api: 'Usage: npm start',
  token: 'Usage: npm run token',
  projector: 'Usage: node dist/apps/projector/src/main.js',
  projections: 'Usage: npm run projections',
  eventstore: 'Usage: npm run eventstore',
  audit: 'npm run audit -- verify <file> --public-key <file>',
};
const names = Object.keys(usages) as Entry[];

describe('each command line', () => {
  it.each(names)('%s: --help prints the usage and exits 0', (entry) => {
    const result = runEntry(entry, ['--help']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain(usages[entry]);
  });

  it.each(names)('%s: an unknown option prints the usage and exits 2', (entry) => {
    const result = runEntry(entry, ['--bogus']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain(usages[entry]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it.each([
    ['projections', [], 'a command is required'],
    ['projections', ['rebuild'], 'rebuild takes one projection name'],
    ['projections', ['status', 'extra'], 'status takes no argument'],
    ['token', [], 'give exactly one of --partner <id> or --customer <id>'],
    ['token', ['--partner', 'p', '--expires', 'soon'], '--expires:'],
    ['eventstore', ['--port'], "Option '--port <value>' argument missing"],
    ['eventstore', ['--port', '99999'], '--port must be an integer from 0 to 65535'],
    ['eventstore', ['--data', '/tmp/x', '--memory'], 'use one of --data, --memory and --null'],
    ['projector', ['run'], "Unexpected argument 'run'"],
    ['api', ['3000'], "Unexpected argument '3000'"],
    ['audit', [], 'a command is required'],
    ['audit', ['frobnicate'], 'unknown command "frobnicate"'],
    ['audit', ['verify', 'x.ndjson'], '--public-key is required'],
    ['audit', ['verify', 'missing.ndjson', '--public-key', 'missing.pem'], '--public-key: cannot read'],
    ['audit', ['export', '--url', 'http://127.0.0.1:1', '--out', 'x'], '--token is required'],
    ['audit', ['export', '--url', 'http://127.0.0.1:1', '--token', 't', '--all', '--partner', 'p', '--out', 'x'], 'give exactly one of'],
    ['audit', ['public-key', '--url', 'ftp://x', '--out', 'x'], '--url must be an http(s) URL'],
    ['audit', ['check', '--out', 'x'], '--out is not an option of check'],
  ] as const)('%s %j: usage and exit 2 (%s)', (entry, args, message) => {
    const result = runEntry(entry, [...args]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(usages[entry]);
  });

  it('projections help still prints the usage and exits 0', () => {
    expect(runEntry('projections', ['help'])).toMatchObject({ status: 0, stdout: expect.stringContaining(usages.projections) });
  });
});
