import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jsonEvent } from '@eventstore/db-client';
import { partnersConcernedBy } from '@app/domain';
import { startApiHarness, type ApiHarness } from '../api/support/api-harness';
import { addCustomer, enrol, eventually, partnership } from '../api/support/fixtures';

const cli = resolve(__dirname, '../../dist/apps/audit/src/cli.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function audit(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));

/** The audit CLI against the API as a child process: exports for each reader, offline verification, the store check. */
describe('audit exports through the CLI', () => {
  let api: ApiHarness;
  let dir: string;
  let keyFile: string;
  let provider: { partnerId: string; token: string };
  let reseller: { partnerId: string; token: string };
  let served: string;
  let unrelated: string;

  beforeAll(async () => {
    api = await startApiHarness();
    dir = api.dataDir;
    ({ provider, reseller } = await partnership(api));
    served = (
      await addCustomer(api, provider.token, {
        resellerId: reseller.partnerId,
        subscriptions: [{ offerId: 'exchange-online-plan-1', licenseCount: 5 }],
      })
    ).customerId;
    unrelated = (await addCustomer(api, provider.token)).customerId;
    const direct = await enrol(api, 'direct');
    await addCustomer(api, direct.token);
    // The process manager finishes the reseller's association: the export should hold those events too.
    await eventually(
      () => api.call('GET', `/v1/customers/${served}`, { token: reseller.token }),
      (r) =>
        r.status === 200 &&
        Object.values(r.body.subscriptions ?? {}).some(
          (s) => (s as { partnerOfRecordId?: string }).partnerOfRecordId === reseller.partnerId,
        ),
    );
    keyFile = join(dir, 'audit-public-key.pem');
    const saved = await audit('public-key', '--url', api.url, '--out', keyFile);
    expect(saved).toMatchObject({ code: 0 });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('saves the public key the API serves without a token', async () => {
    const response = await api.call('GET', '/.well-known/audit-public-key.pem');
    expect(response.status).toBe(200);
    expect(readFileSync(keyFile, 'utf8')).toBe(response.text);
    expect(response.text).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('exports a customer for a PlatformAuditor: every event of its streams, none redacted, verified intact', async () => {
    const out = join(dir, 'customer.ndjson');
    const run = await audit('export', '--url', api.url, '--token', api.auditorToken(), '--customer', served, '--out', out);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stderr).toMatch(/exported: \d+ events, \d+ events\/s/);
    const lines = linesOf(out);
    const events = lines.filter((line) => 'stream' in line);
    expect(events.some((line) => line.redacted)).toBe(false);
    expect(events.filter((line) => line.stream === `customer-${served}`).map((line) => line.revision)).toEqual(
      (await api.readStream(`customer-${served}`)).map((resolved) => Number(resolved.event!.revision)),
    );
    const streams = new Set(events.map((e) => e.stream));
    expect(lines.at(-1).manifest).toMatchObject({
      scope: { kind: 'customer', id: served, visibleTo: 'platform' },
      count: events.length,
      streams: streams.size,
    });
    // One head line per stream, sorted, between the events and the manifest.
    expect(lines.slice(events.length, -1).map((line) => line.head)).toEqual([...streams].sort());
    const verified = await audit('verify', out, '--public-key', keyFile);
    expect(verified).toEqual({
      code: 0,
      stdout: `intact: ${events.length} events, ${streams.size} streams\n`,
      stderr: '',
    });
  });

  it("exports a customer for the reseller's Auditor with every event not about the reseller redacted, and it verifies", async () => {
    const out = join(dir, 'customer-reseller.ndjson');
    expect(
      await audit('export', '--url', api.url, '--token', api.auditorToken(reseller.partnerId), '--customer', served, '--out', out),
    ).toMatchObject({ code: 0 });
    const events = linesOf(out).filter((line) => 'stream' in line);
    const redacted = events.filter((line) => line.redacted);
    const shown = events.filter((line) => !line.redacted);
    expect(redacted.length).toBeGreaterThan(0);
    expect(shown.length).toBeGreaterThan(0);
    for (const line of shown) expect(partnersConcernedBy(line.type, line.data)).toContain(reseller.partnerId);
    for (const line of redacted) expect(Object.keys(line).sort()).toEqual(['chain', 'position', 'redacted', 'revision', 'stream']);
    expect(await audit('verify', out, '--public-key', keyFile)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^intact: /) });
  });

  it("exports the Auditor's own partner, and answers another partner or a customer it never served as unknown", async () => {
    const out = join(dir, 'partner.ndjson');
    const token = api.auditorToken(reseller.partnerId);
    expect(await audit('export', '--url', api.url, '--token', token, '--partner', reseller.partnerId, '--out', out)).toMatchObject({
      code: 0,
    });
    expect(await audit('verify', out, '--public-key', keyFile)).toMatchObject({ code: 0 });
    const foreign = await api.call('GET', `/v1/audit/export?partner=${provider.partnerId}`, { token });
    const unknown = await api.call('GET', '/v1/audit/export?partner=nobody-at-all', { token: api.auditorToken() });
    const neverServed = await api.call('GET', `/v1/audit/export?customer=${unrelated}`, { token });
    for (const response of [foreign, unknown, neverServed]) {
      expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({
        status: 404,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
    const cliRun = await audit('export', '--url', api.url, '--token', token, '--customer', unrelated, '--out', join(dir, 'refused.ndjson'));
    expect(cliRun).toMatchObject({ code: 1, stderr: expect.stringContaining('404') });
  });

  it('refuses the whole log to an Auditor, and bad selections with a problem naming the field', async () => {
    const cases = [
      [api.auditorToken(reseller.partnerId), 'all=true', 403, 'all'],
      [api.auditorToken(), 'all=yes', 400, 'all'],
      [api.auditorToken(), `customer=${served}&partner=${provider.partnerId}`, 400, 'partner'],
      [api.auditorToken(), 'customer=not_an_id', 400, 'customer'],
      [api.auditorToken(), 'since=1', 400, 'since'],
      [provider.token, `partner=${provider.partnerId}`, 403, 'Authorization'],
    ] as const;
    for (const [token, query, status, field] of cases) {
      const response = await api.call('GET', `/v1/audit/export?${query}`, { token });
      expect({ query, status: response.status, field: response.body?.field }).toEqual({ query, status, field });
    }
  });

  it('exports the whole log for a PlatformAuditor; a tampered copy fails naming its line; another key fails', async () => {
    const out = join(dir, 'all.ndjson');
    expect(await audit('export', '--url', api.url, '--token', api.auditorToken(), '--all', '--out', out)).toMatchObject({ code: 0 });
    const text = readFileSync(out, 'utf8');
    const lines = text.trimEnd().split('\n');
    const { count, streams } = JSON.parse(lines.at(-1)!).manifest;
    expect(count + streams).toBe(lines.length - 1);
    expect(await audit('verify', out, '--public-key', keyFile)).toMatchObject({ code: 0 });

    const middle = Math.floor(count / 2);
    const tampered = [...lines];
    tampered[middle - 1] = tampered[middle - 1].replace('"data":{"', '"data":{"x');
    writeFileSync(join(dir, 'tampered.ndjson'), `${tampered.join('\n')}\n`);
    const refused = await audit('verify', join(dir, 'tampered.ndjson'), '--public-key', keyFile);
    expect(refused).toMatchObject({ code: 1, stdout: expect.stringMatching(new RegExp(`^line ${middle}: altered: `)) });

    // Cut among the events, and among the head lines: either way the manifest is gone.
    for (const kept of [count - 2, count + 1]) {
      writeFileSync(join(dir, 'cut.ndjson'), `${lines.slice(0, kept).join('\n')}\n`);
      expect(await audit('verify', join(dir, 'cut.ndjson'), '--public-key', keyFile)).toMatchObject({
        code: 1,
        stdout: expect.stringMatching(new RegExp(`^line ${kept + 1}: cut off: `)),
      });
    }

    const { generateKeyPairSync } = await import('node:crypto');
    const otherKey = join(dir, 'other.pem');
    writeFileSync(otherKey, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    expect(await audit('verify', out, '--public-key', otherKey)).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(new RegExp(`^line ${lines.length}: signature: `)),
    });
  });

  it('checks the store: intact, then reports an event appended with a broken chain by stream and revision', async () => {
    const intact = await audit('check', '--store', api.store.connectionString);
    expect(intact).toMatchObject({ code: 0, stdout: expect.stringMatching(/^intact: \d+ events, \d+ streams/) });
    expect(intact.stderr).toMatch(/checked: \d+ events/);

    const stream = `customer-${unrelated}`;
    const revision = (await api.readStream(stream)).length;
    const metadata = {
      schemaVersion: 1,
      actor: { kind: 'system', process: 'forger' },
      correlationId: 'c',
      causationId: 'k',
      command: 'Forge',
      chain: { prev: null, hash: '00' },
    };
    await api.client.appendToStream(
      stream,
      jsonEvent({ type: 'CustomerDetailsUpdated', data: { customerId: unrelated, companyName: 'Forged' }, metadata }),
    );
    const broken = await audit('check', '--store', api.store.connectionString);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`break: ${stream} revision ${revision}: `);
    expect(broken.stdout).toMatch(/^broken: 1 of \d+ events/m);
  });

  it('lists every command in its --help', async () => {
    const help = await audit('--help');
    expect(help.code).toBe(0);
    for (const command of [
      'export --url <api base URL> --token <bearer> (--customer <id> | --partner <id> | --all) --out <file>',
      'public-key --url <api base URL> --out <file>',
      'verify <file> --public-key <file>',
      'check',
    ]) {
      expect(help.stdout).toContain(`npm run audit -- ${command}`);
    }
  });
});
