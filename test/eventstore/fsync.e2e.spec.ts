// Durability proof: the CLI server runs under strace counting fsync/fdatasync. N sequential
// acknowledged appends must cost at least N syncs (nothing is acknowledged before it is on disk),
// while many concurrent appends must share syncs (group commit).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { esdbKit } from '../support/eventstore-client-esdb';
import type { Client } from '../support/eventstore-clients';
import { spawnServer, tempDir, uniqueStream, type ChildServer } from '../support/eventstore';

const strace = '/usr/bin/strace';

function straceWorks(): boolean {
  if (!existsSync(strace)) return false;
  try {
    execFileSync(strace, ['-f', '-qq', '-e', 'trace=fsync', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = straceWorks();
if (!available) {
  // Said out loud so a skipped durability proof is never mistaken for a passed one.
  console.warn(`fsync.e2e.spec.ts skipped: ${strace} is missing or ptrace is not permitted here`);
}

(available ? describe : describe.skip)('fsync on commit', () => {
  const kit = esdbKit;
  const dataDir = tempDir('esdb-fsync-');
  const traceFile = join(tempDir('esdb-fsync-trace-'), 'trace.txt');
  let server: ChildServer;
  let clients: Client[] = [];

  // strace's output file is written line by line as calls return, so it can be counted mid-run.
  const syncCalls = () =>
    readFileSync(traceFile, 'utf8')
      .split('\n')
      .filter((line) => /\b(fsync|fdatasync)\(/.test(line) && !line.includes('resumed>')).length;

  beforeAll(async () => {
    server = await spawnServer({
      dataDir,
      wrapper: { command: strace, args: ['-f', '-qq', '-e', 'trace=fsync,fdatasync', '-o', traceFile] },
    });
    clients = Array.from({ length: 4 }, () => kit.connect(server.connectionString));
    // Warm up the channel, ServerFeatures and the BatchAppend stream outside the measured window.
    await Promise.all(clients.map((c) => c.appendToStream(uniqueStream('warmup'), kit.jsonEvent({ type: 'Warm', data: {} }))));
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.dispose()));
    // SIGTERM the traced node process so it shuts down gracefully; strace then exits with it.
    const children = readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const pid of children) process.kill(Number(pid), 'SIGTERM');
    await server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('N sequential acknowledged appends cost at least N syncs', async () => {
    const appends = 60;
    const before = syncCalls();
    for (let i = 0; i < appends; i++) {
      await clients[0].appendToStream(uniqueStream('durable'), kit.jsonEvent({ type: 'Durable', data: { i } }));
    }
    expect(syncCalls() - before).toBeGreaterThanOrEqual(appends);
  });

  it('concurrent appends are group-committed: far fewer syncs than appends', async () => {
    const appends = 400;
    const before = syncCalls();
    await Promise.all(
      Array.from({ length: appends }, (_, i) =>
        clients[i % clients.length].appendToStream(uniqueStream('grouped'), kit.jsonEvent({ type: 'Grouped', data: { i } })),
      ),
    );
    const syncs = syncCalls() - before;
    expect(syncs).toBeGreaterThan(0);
    expect(syncs).toBeLessThanOrEqual(appends / 4);
  });
});
