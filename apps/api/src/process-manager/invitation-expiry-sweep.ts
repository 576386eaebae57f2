import { Logger } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { authorize, isDomainError, streamName, type ExpireInvitation } from '@app/domain';
import { invitationDecider } from '@app/domain/invitation';
import { AggregateStore, followUpEventId, uuidV5 } from '@app/event-store';
import { ActiveTables, queryDueInvitations } from '@app/read-models';

export const SWEEP_NAME = 'invitation-expiry-sweep';
const BATCH = 500;

/**
 * Records `InvitationExpired` for invitations nobody touched after their expiry. Due invitations come from
 * the pending-invitations read model (durable and checkpointed by the projector, so the sweep keeps no
 * state of its own); each expiry's event id derives from the invitation id, so two instances sweeping at
 * once, or a sweep repeated after a crash, record it once.
 */
export class InvitationExpirySweep {
  private readonly logger = new Logger(SWEEP_NAME);
  private readonly tables: ActiveTables;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Kysely<any>,
    private readonly aggregates: AggregateStore,
    private readonly intervalMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.tables = new ActiveTables(db);
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass over the due invitations; returns how many expiries it recorded. */
  async sweep(): Promise<number> {
    const now = this.clock();
    let recorded = 0;
    for (const invitationId of await queryDueInvitations(this.db, this.tables, now, BATCH)) {
      if (this.stopped) break;
      if (await this.expire(invitationId, now)) recorded++;
    }
    return recorded;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .catch((error) => this.logger.error(`sweep failed: ${String(error)}`))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  private async expire(invitationId: string, now: Date): Promise<boolean> {
    const command: ExpireInvitation = { type: 'ExpireInvitation', data: { invitationId } };
    const actor = { kind: 'system' as const, process: SWEEP_NAME };
    authorize(command.type, actor);
    const correlationId = uuidV5(`${SWEEP_NAME}/${invitationId}`);
    try {
      const result = await this.aggregates.execute({
        streamName: streamName.invitation(invitationId),
        decider: invitationDecider,
        command,
        context: { now },
        metadata: { actor, correlationId, causationId: correlationId, command: command.type },
        eventIds: (index) => followUpEventId(invitationId, SWEEP_NAME, index),
      });
      return result.events.length > 0;
    } catch (error) {
      // A read model a little behind the store can name one that was accepted or revoked meanwhile.
      if (isDomainError(error)) return false;
      throw error;
    }
  }
}
