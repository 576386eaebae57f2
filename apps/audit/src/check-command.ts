import { configOrExit, readConfig, readStorageConfig } from '@app/config';
import { domainEvents, logHead, StoreChainWalk, type ChainBreak } from '@app/audit';
import { connectEventStore } from '../../projector/src/event-store-connection';
import { Progress } from './progress';

/**
 * Walks the whole log through the store's client and verifies every domain stream's chain from its first event;
 * prints every break (stream, revision, what is wrong). Resolves with the number of breaks.
 */
export async function checkStore(store: string | undefined): Promise<number> {
  const storage = configOrExit(() => readConfig('audit check', process.env, readStorageConfig));
  const connection = await connectEventStore({ ...storage, eventStoreUrl: store ?? storage.eventStoreUrl });
  try {
    const walk = new StoreChainWalk();
    const progress = new Progress('checked');
    const breaks: ChainBreak[] = [];
    const head = await logHead(connection.client);
    if (head) {
      for await (const event of domainEvents(connection.client, head)) {
        const found = walk.check({
          stream: event.streamId,
          revision: Number(event.revision),
          type: event.type,
          data: event.data,
          metadata: event.metadata,
        });
        if (found) {
          breaks.push(found);
          process.stdout.write(`break: ${found.stream} revision ${found.revision}: ${found.problem}\n`);
        }
        progress.add(1);
      }
    }
    process.stderr.write(`${progress.done()}\n`);
    process.stdout.write(
      breaks.length === 0
        ? `intact: ${walk.events} events, ${walk.streams} streams in ${connection.description}\n`
        : `broken: ${breaks.length} of ${walk.events} events in ${walk.streams} streams do not verify\n`,
    );
    return breaks.length;
  } finally {
    await connection.close();
  }
}
