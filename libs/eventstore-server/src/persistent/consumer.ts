import type { GroupMessage } from './message';
import { LatencyMeasurements } from './measurements';

export interface InFlight {
  message: GroupMessage;
  sentAt: number;
}

/** Why a group lets go of its connections: deleted, changed or restarted, or the server stops. */
export type DropReason = 'deleted' | 'dropped' | 'shutdown';

/** The Read call behind a consumer. */
export interface ConsumerLink {
  deliver(message: GroupMessage): void;
  drop(reason: DropReason): void;
}

export interface ConsumerIdentity {
  connectionName: string;
  from: string;
  username: string;
}

/** One connected Read call of a group. */
export class Consumer {
  readonly inFlight = new Map<string, InFlight>();
  readonly latencies: LatencyMeasurements | undefined;
  totalItems = 0;
  private measuredTotal = 0;
  private measuredAt = Date.now();

  constructor(
    readonly id: number,
    readonly bufferSize: number,
    readonly identity: ConsumerIdentity,
    readonly link: ConsumerLink,
    extraStatistics: boolean,
  ) {
    this.latencies = extraStatistics ? new LatencyMeasurements() : undefined;
  }

  get freeSlots(): number {
    return Math.max(0, this.bufferSize - this.inFlight.size);
  }

  send(message: GroupMessage, now: number): void {
    this.inFlight.set(message.ackId, { message, sentAt: now });
    this.totalItems++;
    this.link.deliver(message);
  }

  /** Removes a message this consumer holds; an ack records its latency when the group measures. */
  settle(ackId: string, now: number, acked: boolean): InFlight | undefined {
    const entry = this.inFlight.get(ackId);
    if (!entry) return undefined;
    this.inFlight.delete(ackId);
    if (acked) this.latencies?.record(now - entry.sentAt);
    return entry;
  }

  /** Items since the previous call and their rate, as the real server reports per stats request. */
  measure(now: number): { countSinceLastMeasurement: number; averagePerSecond: number } {
    const count = this.totalItems - this.measuredTotal;
    const seconds = (now - this.measuredAt) / 1000;
    this.measuredTotal = this.totalItems;
    this.measuredAt = now;
    return { countSinceLastMeasurement: count, averagePerSecond: seconds > 0 ? Math.round(count / seconds) : 0 };
  }
}
