import type { EventStoreDBClient } from '@eventstore/db-client';
import { Logger } from '@nestjs/common';
import { authorize, isDomainError, parseStreamName, react, reactsTo, type AnyDomainEvent, type FollowUp, upcastEvent } from '@app/domain';
import { customerDecider } from '@app/domain/customer';
import { partnershipDecider } from '@app/domain/partnership';
import { AggregateStore, ProcessManager, StreamCheckpointStore, type FollowUpContext } from '@app/event-store';

export const PROCESS_NAME = 'relationship-process';
export const CHECKPOINT_STREAM = 'processmanager-checkpoint';

/**
 * Finishes the flows that span streams (an accepted invitation establishes relationships on the customer
 * stream; a requested reseller association is recorded on the partnership stream and mirrored back).
 * Follow-ups carry ids derived from the causing event, and the domain skips what is already applied.
 */
export function createRelationshipProcess(
  client: EventStoreDBClient,
  aggregates: AggregateStore,
  checkpointIntervalMs?: number,
): ProcessManager<FollowUp> {
  const logger = new Logger(PROCESS_NAME);
  return new ProcessManager<FollowUp>(client, {
    name: PROCESS_NAME,
    checkpoints: new StreamCheckpointStore(client, CHECKPOINT_STREAM),
    ignoreStreams: [CHECKPOINT_STREAM],
    // Filtered by the server: the rest of the log (most of it) is never sent to, or decoded in, the API.
    eventTypes: reactsTo,
    checkpointIntervalMs,
    upcast: upcastEvent,
    react: (stored) => react(stored.event as AnyDomainEvent, stored.streamName),
    execute: (followUp, context) => execute(aggregates, followUp, context),
    isSettled: isDomainError,
    logger: {
      error: (message, details) => logger.error(`${message} ${JSON.stringify(details ?? {})}`),
      info: (message, details) => logger.debug(`${message} ${JSON.stringify(details ?? {})}`),
    },
  });
}

async function execute(aggregates: AggregateStore, followUp: FollowUp, context: FollowUpContext): Promise<void> {
  const { command, stream } = followUp;
  authorize(command.type, { kind: 'system', process: PROCESS_NAME });
  const category = parseStreamName(stream)?.category;
  const common = { streamName: stream, context: { now: new Date() }, metadata: context.metadata, eventIds: context.eventIds };
  switch (category) {
    case 'customer':
      await aggregates.execute({ ...common, decider: customerDecider, command: command as Parameters<typeof customerDecider.decide>[0] });
      return;
    case 'partnership':
      await aggregates.execute({
        ...common,
        decider: partnershipDecider,
        command: command as Parameters<typeof partnershipDecider.decide>[0],
      });
      return;
    default:
      throw new Error(`${PROCESS_NAME}: no decider for stream ${stream}`);
  }
}
