import { randomUUID } from 'node:crypto';
import type { ClaimedDelivery, OutboxStore } from '../outbox/outbox-store';
import type { RegistrationStore } from '../registrations/registration-store';
import { inDeliverySpan } from './delivery-span';
import type { HttpSender } from './http-sender';
import { retryDelay, type RetryPolicy } from './retry-delay';
import { signatureHeaders } from './signature';

export interface WorkerOptions {
  readonly maxAttempts: number;
  readonly retry: RetryPolicy;
  /** Deliveries in flight at once from this instance. */
  readonly concurrency: number;
  /** How often the outbox is looked at when nothing woke the worker (retries falling due, other instances' rows). */
  readonly pollMs: number;
  /** How long a claimed delivery stays with this instance; longer than an attempt can take. */
  readonly leaseMs: number;
  /** Delivered rows and the delivery log are kept this long. */
  readonly retentionMs: number;
  readonly onError?: (error: Error) => void;
}

const PURGE_EVERY_MS = 3_600_000;

/**
 * Sends what is due in the outbox: claims a batch (a lease per delivery), posts each signed, records the attempt and
 * its consequence (delivered, retried later with exponential backoff and jitter, or dead after the last attempt).
 */
export class DeliveryWorker {
  private readonly owner = randomUUID();
  private stopped = false;
  private running?: Promise<void>;
  private wakeUp?: () => void;
  private woken = false;
  private readonly inFlight = new Set<Promise<void>>();
  private lastPurge = 0;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly registrations: RegistrationStore,
    private readonly sender: HttpSender,
    private readonly options: WorkerOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  start(): this {
    this.running ??= this.loop();
    return this;
  }

  /** Something was added to the outbox: look now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming and waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
    await Promise.all(this.inFlight);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let claimed: ClaimedDelivery[] = [];
      try {
        await this.purgeNowAndThen();
        const room = this.options.concurrency - this.inFlight.size;
        if (room > 0) claimed = await this.outbox.claimDue(this.owner, this.clock(), room, this.options.leaseMs);
      } catch (error) {
        this.options.onError?.(error as Error);
      }
      for (const delivery of claimed) {
        const attempt = this.attempt(delivery).finally(() => {
          this.inFlight.delete(attempt);
          // A finished attempt may have released the next delivery of its customer, and frees a slot.
          this.wake();
        });
        this.inFlight.add(attempt);
      }
      // A full batch means more may be due: look again at once (when a slot is free).
      if (claimed.length > 0 && this.inFlight.size < this.options.concurrency) continue;
      if (this.woken || this.stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** Sends the delivery, then (while they succeed and the worker runs) the next ones of its customer, in order. */
  private async attempt(first: ClaimedDelivery): Promise<void> {
    try {
      let delivery: ClaimedDelivery | undefined = first;
      while (delivery) {
        const sending: ClaimedDelivery = delivery;
        const outcome = await inDeliverySpan(sending, (traceparent) => {
          const secrets = this.registrations.signingSecrets({ ...sending, id: sending.webhook_id });
          const signed = signatureHeaders(secrets, sending.delivery_id, Math.floor(this.clock() / 1000), sending.payload);
          return this.sender.send(sending.url, traceparent ? { ...signed, traceparent } : signed, sending.payload);
        });
        const failures = delivery.attempts + 1;
        const retryAt =
          outcome.ok || failures >= this.options.maxAttempts ? undefined : this.clock() + retryDelay(failures, this.options.retry);
        const followOn = this.stopped ? undefined : { leaseMs: this.options.leaseMs };
        delivery = await this.outbox.record(delivery, this.owner, outcome, this.clock(), retryAt, followOn);
      }
    } catch (error) {
      // Not recorded: the lease runs out and the delivery is attempted again (at least once).
      this.options.onError?.(error as Error);
    }
  }

  private async purgeNowAndThen(): Promise<void> {
    const now = this.clock();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.outbox.purge(now - this.options.retentionMs);
  }
}
