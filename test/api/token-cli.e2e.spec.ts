import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// The compiled CLI (built once by the jest global setup), as `npm run token` runs it.
const cli = resolve(__dirname, '../../dist/apps/api/src/token.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('npm run token', () => {
  it('prints its usage with the roles on --help', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--partner <id>');
    expect(result.stdout).toContain('HelpdeskAgent');
  });

  it('refuses an unknown option with the usage instead of a stack trace', () => {
    const result = run('--bogus');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).not.toContain('    at ');
  });

  it('prints a three-part JWT naming the partner', () => {
    const result = run('--partner', 'contoso-direct', '--role', 'AdminAgent');
    expect(result.status).toBe(0);
    const [, payload] = result.stdout.trim().split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({ partner_id: 'contoso-direct', role: 'AdminAgent' });
  });

  const payloadOf = (stdout: string) => JSON.parse(Buffer.from(stdout.trim().split('.')[1], 'base64url').toString());

  it("issues an Auditor's token for one partner and a PlatformAuditor's for none", () => {
    const auditor = run('--partner', 'contoso-direct', '--role', 'Auditor');
    expect(auditor.status).toBe(0);
    expect(payloadOf(auditor.stdout)).toMatchObject({ partner_id: 'contoso-direct', role: 'Auditor' });
    const platform = run('--role', 'PlatformAuditor');
    expect(platform.status).toBe(0);
    const claims = payloadOf(platform.stdout);
    expect(claims).toMatchObject({ role: 'PlatformAuditor' });
    expect(claims).not.toHaveProperty('partner_id');
  });

  it.each([
    [['--role', 'PlatformAuditor', '--partner', 'p1'], 'names no --partner'],
    [['--customer', 'c1', '--role', 'Auditor'], '--role must be one of'],
    [['--role', 'Auditor'], 'exactly one of --partner'],
  ])('refuses %j with the usage', (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
