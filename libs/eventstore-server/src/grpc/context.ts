import type { EventLog } from '../storage';
import type { Logger } from '@app/logging';

/** What every gRPC handler needs: the storage, a logger and the registry of long-lived calls. */
export interface HandlerContext {
  storage: EventLog;
  logger: Logger;
  /** Long-lived calls (subscriptions, batch appends) that stop() ends cleanly. */
  live: LiveCalls;
}

export interface LiveCall {
  /** Ends the call with status OK once its in-flight work is done. */
  close(): Promise<void>;
}

export class LiveCalls {
  private readonly calls = new Set<LiveCall>();
  private subscriptionCount = 0;

  add(call: LiveCall, isSubscription: boolean): () => void {
    this.calls.add(call);
    if (isSubscription) this.subscriptionCount++;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.calls.delete(call);
      if (isSubscription) this.subscriptionCount--;
    };
  }

  get subscriptions(): number {
    return this.subscriptionCount;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.calls].map((call) => call.close()));
  }
}
