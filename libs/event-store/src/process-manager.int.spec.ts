import { ANY, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { MemoryCheckpointStore, StreamCheckpointStore } from './checkpoint-store';
import { ProcessManager } from './process-manager';

interface PongFollowUp {
  stepName: string;
  command: { type: 'Pong'; stream: string };
}

const waitFor = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('ProcessManager against the embedded server', () => {
  let server: EmbeddedEventStore;
  let client: EventStoreDBClient;
  const run = `${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    server = await startEventStoreServer({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await server.stop();
  });

  const count = async (stream: string) => {
    let n = 0;
    try {
      for await (const _ of client.readStream(stream)) n++;
    } catch {
      return 0;
    }
    return n;
  };

  function manager(checkpoints: MemoryCheckpointStore | StreamCheckpointStore, seen: string[]) {
    return new ProcessManager<PongFollowUp>(client, {
      name: 'pong-process',
      checkpoints,
      checkpointIntervalMs: 10,
      react: (stored) =>
        stored.event.type === 'Pinged' && stored.streamName.startsWith(`ping${run}-`)
          ? [{ stepName: 'pong', command: { type: 'Pong', stream: stored.streamName.replace('ping', 'pong') } }]
          : [],
      execute: async (followUp, context) => {
        seen.push(context.causingEvent.id);
        await client.appendToStream(
          followUp.command.stream,
          jsonEvent({ id: context.eventIds(0), type: 'Ponged', data: { cause: context.metadata.causationId } }),
          { expectedRevision: ANY },
        );
      },
      isSettled: () => false,
    });
  }

  it('reacts once per event, resumes from its checkpoint, and a full replay duplicates nothing', async () => {
    const ping = (i: number) => client.appendToStream(`ping${run}-${i}`, jsonEvent({ type: 'Pinged', data: { i } }));
    for (let i = 0; i < 5; i++) await ping(i);

    const checkpoints = new StreamCheckpointStore(client, `pm-checkpoint${run}`);
    const first: string[] = [];
    const pm = manager(checkpoints, first);
    pm.start();
    await waitFor(async () => (await count(`pong${run}-4`)) === 1);
    await pm.stop();
    expect(first).toHaveLength(5);
    const saved = await checkpoints.load();
    expect(saved).not.toBeNull();

    // Resumed from the stored checkpoint: only new events are handled.
    for (let i = 5; i < 8; i++) await ping(i);
    const resumed: string[] = [];
    const pm2 = manager(checkpoints, resumed);
    pm2.start();
    await waitFor(async () => (await count(`pong${run}-7`)) === 1);
    await pm2.stop();
    expect(resumed).toHaveLength(3);

    // From scratch (a lost checkpoint): every follow-up runs again with the same ids, the store ignores them.
    const replayed: string[] = [];
    const pm3 = manager(new MemoryCheckpointStore(), replayed);
    pm3.start();
    await waitFor(async () => replayed.length >= 8);
    await pm3.stop();
    for (let i = 0; i < 8; i++) expect(await count(`pong${run}-${i}`)).toBe(1);
  });
});
