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
});
