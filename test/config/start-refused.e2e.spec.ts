import { runEntry } from './entries';

// Each application reads its own configuration at start and refuses a bad one with every problem named at
// once, exit code 1 and no stack trace; secrets and URLs (which carry passwords) are not repeated.
describe('a bad configuration refuses the start, naming every problem', () => {
  const refused = (result: ReturnType<typeof runEntry>, app: string, variables: string[]) => {
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: '' });
    expect(result.stderr).toMatch(new RegExp(`^${app}: cannot start, the configuration has ${variables.length} problems:\n`));
    const named = result.stderr
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(': ')[0]);
    expect(named).toEqual(variables);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/hunter2|tiny-secret/);
  };

  it('the API', () => {
    const result = runEntry('api', [], {
      PORT: 'eighty',
      JWT_SECRET: 'tiny-secret',
      DATABASE_URL: 'mysql://root:hunter2@db/csp',
      PROJECTOR: 'maybe',
      READ_YOUR_WRITES_TIMEOUT_MS: '0',
    });
    refused(result, 'api', [
      'PORT',
      'JWT_SECRET',
      'IDEMPOTENCY_SECRET',
      'DATABASE_URL',
      'PROJECTOR',
      'READ_YOUR_WRITES_TIMEOUT_MS',
      'WEBHOOK_SECRET_KEY',
    ]);
  });

  it('the API beyond loopback or in production without a secret of its own', () => {
    refused(runEntry('api', [], { HOST: '0.0.0.0', PORT: '-1' }), 'api', ['PORT', 'JWT_SECRET or JWKS_URL']);
    refused(runEntry('api', [], { NODE_ENV: 'production', PUBLIC_URL: 'ftp://csp.example' }), 'api', [
      'PUBLIC_URL',
      'JWT_SECRET or JWKS_URL',
      'IDEMPOTENCY_SECRET',
      'AUDIT_SIGNING_KEY_FILE',
      'WEBHOOK_SECRET_KEY',
    ]);
  });

  it('the projector and npm run projections', () => {
    const env = { EVENTSTORE_URL: 'http://store:2113', DATABASE_URL: 'mysql://root:hunter2@db/csp' };
    refused(runEntry('projector', [], env), 'projector', ['EVENTSTORE_URL', 'DATABASE_URL']);
    refused(runEntry('projections', ['status'], env), 'projections', ['EVENTSTORE_URL', 'DATABASE_URL']);
  });

  it('the embedded event store', () => {
    const result = runEntry('eventstore', ['--memory'], { EVENTSTORE_PORT: 'x', EVENTSTORE_MEMORY: 'maybe', EVENTSTORE_STATS: '0' });
    refused(result, 'eventstore', ['EVENTSTORE_PORT', 'EVENTSTORE_MEMORY', 'EVENTSTORE_STATS']);
  });

  it('npm run token with a short JWT_SECRET', () => {
    const result = runEntry('token', ['--partner', 'contoso'], { JWT_SECRET: 'tiny-secret', JWT_AUDIENCE: '' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'token: cannot start, the configuration has a problem:\n  JWT_SECRET: is 11 bytes long; at least 32 are required (for example: openssl rand -hex 32)\n',
    );
  });
});
