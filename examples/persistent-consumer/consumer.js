#!/usr/bin/env node
// An internal service reading the log through a persistent subscription group on `$all`: the store remembers what the
// group acknowledged, so a consumer that restarts (or a second one in the same group) goes on where the group was.
// Plain Node and @eventstore/db-client only: it runs unchanged against the store `npm start` embeds and against
// EventStoreDB.
//
//   EVENTSTORE_CONNECTION_STRING  default esdb://127.0.0.1:2113?tls=false (the API's embedded store)
//   GROUP                         the group's name (created when missing), default example-consumer
//   STREAM_PREFIX                 only streams starting with it (e.g. customer-); default every non-system event
//   FROM                          where a new group starts: start (default) or end
//   STOP_AFTER                    exit after acknowledging this many events (demos and tests); default run until ^C
//
// Prints one JSON line per event: its stream, revision, type, log position and id.
'use strict';
const {
  EventStoreDBClient,
  END,
  START,
  PersistentSubscriptionExistsError,
  excludeSystemEvents,
  persistentSubscriptionToAllSettingsFromDefaults,
  streamNameFilter,
} = require('@eventstore/db-client');

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING || 'esdb://127.0.0.1:2113?tls=false';
const group = process.env.GROUP || 'example-consumer';
const prefix = process.env.STREAM_PREFIX;
const startFrom = process.env.FROM === 'end' ? END : START;
const stopAfter = process.env.STOP_AFTER ? Number(process.env.STOP_AFTER) : Infinity;

async function main() {
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    await client.createPersistentSubscriptionToAll(group, persistentSubscriptionToAllSettingsFromDefaults({ startFrom }), {
      filter: prefix ? streamNameFilter({ prefixes: [prefix] }) : excludeSystemEvents(),
    });
  } catch (error) {
    // Another consumer of the group (or an earlier run) created it: join it where it is.
    if (!(error instanceof PersistentSubscriptionExistsError)) throw error;
  }
  const subscription = client.subscribeToPersistentSubscriptionToAll(group);
  let handled = 0;
  const stop = async () => {
    // Acknowledgements have no receipt, and unsubscribing cancels the call at once: give the last ones a moment to
    // reach the store, or their events come again to the group's next consumer (delivery is at least once anyway).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await subscription.unsubscribe();
    await client.dispose();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  console.error(`consuming $all${prefix ? ` (streams ${prefix}*)` : ''} as group ${group} from ${connectionString}`);
  for await (const resolved of subscription) {
    const event = resolved.event;
    if (event) {
      // The work of a real consumer goes here; acknowledging after it means an event is handled at least once.
      console.log(
        JSON.stringify({
          stream: event.streamId,
          revision: String(event.revision),
          type: event.type,
          position: String(event.position.commit),
          id: event.id,
        }),
      );
    }
    await subscription.ack(resolved);
    if (++handled >= stopAfter) break;
  }
  await stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
