import type { EventStoreDBClient } from '@eventstore/db-client';
import { contextOfTraceparent, inSpan } from '@app/tracing';
import type { CheckpointStore } from './checkpoint-store';
import { followUpEventId } from './deterministic-id';
import type { CommandMetadata } from './metadata';
import type { StoredEvent } from './serialization';
import { SubscriptionRunner, type SubscriptionLogger } from './subscription-runner';
import type { UpcastFn } from './upcasting';

/** What a follow-up needs to be executed exactly once in effect, however often its cause is replayed. */
export interface FollowUpContext {
  causingEvent: StoredEvent;
  metadata: CommandMetadata;
  eventIds: (index: number) => string;
}

export interface ProcessManagerOptions<F extends { stepName: string; command: { type: string } }> {
  name: string;
  checkpoints: CheckpointStore;
  react(event: StoredEvent): F[];
  execute(followUp: F, context: FollowUpContext): Promise<void>;
  /** Refusals that mean "already done or no longer applicable"; anything else is retried via the subscription. */
  isSettled(error: unknown): boolean;
  ignoreStreams?: readonly string[];
  /** The event types `react` can answer with follow-ups: the server sends only these (see SubscriptionRunner). */
  eventTypes?: readonly string[];
  upcast?: UpcastFn;
  logger?: SubscriptionLogger & { info?(message: string, details?: Record<string, unknown>): void };
  checkpointIntervalMs?: number;
}

/**
 * Finishes work that spans streams. Follow-up events get ids derived from the causing event and the step,
 * so a replay after a crash re-appends the same ids and the store treats them as already written.
 */
export class ProcessManager<F extends { stepName: string; command: { type: string } }> {
  private readonly runner: SubscriptionRunner;

  constructor(
    client: EventStoreDBClient,
    private readonly options: ProcessManagerOptions<F>,
  ) {
    this.runner = new SubscriptionRunner(client, {
      name: options.name,
      checkpoints: options.checkpoints,
      ignoreStreams: options.ignoreStreams,
      eventTypes: options.eventTypes,
      upcast: options.upcast,
      logger: options.logger,
      checkpointIntervalMs: options.checkpointIntervalMs,
      handle: (event) => this.handle(event),
    });
  }

  get handledUpTo(): bigint | null {
    return this.runner.handledUpTo;
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  private async handle(event: StoredEvent): Promise<void> {
    for (const followUp of this.options.react(event)) {
      const context: FollowUpContext = {
        causingEvent: event,
        metadata: {
          actor: { kind: 'system', process: this.options.name },
          correlationId: event.metadata?.correlationId ?? event.id,
          causationId: event.id,
          command: followUp.command.type,
        },
        eventIds: (index) => followUpEventId(event.id, followUp.stepName, index),
      };
      try {
        // A child of the causing append's span (its stored traceparent): the trace goes on from request to follow-up.
        await inSpan(
          `${this.options.name} ${followUp.stepName}`,
          { parent: contextOfTraceparent(event.metadata?.traceparent), attributes: { 'event_store.causing_event': event.id } },
          () => this.options.execute(followUp, context),
        );
      } catch (error) {
        if (!this.options.isSettled(error)) throw error;
        this.options.logger?.info?.(`${this.options.name}: ${followUp.stepName} settled`, {
          causingEvent: event.id,
          reason: String(error),
        });
      }
    }
  }
}
