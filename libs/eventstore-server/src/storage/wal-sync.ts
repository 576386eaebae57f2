import { closeSync, fdatasync, openSync } from 'node:fs';

/** Makes what has been committed so far durable; groups wait on it before they are acknowledged. */
export interface Durability {
  afterCommit(): Promise<void>;
  close(): void;
}

/** In-memory databases have nothing to flush. */
export const noDurability: Durability = { afterCommit: () => Promise.resolve(), close: () => undefined };

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Flushes the WAL with fdatasync on the libuv thread pool, so the event loop keeps taking requests
 * (which form the next group) while the disk works: commits are pipelined with the previous group's
 * flush. SQLite runs with `synchronous=NORMAL`, where COMMIT writes the WAL but does not sync it;
 * a group is acknowledged only after an fdatasync that started after its COMMIT returned, which is
 * the same guarantee `synchronous=FULL` gives. Checkpoints still sync the WAL and database themselves.
 */
export class WalSync implements Durability {
  private readonly fd: number;
  private syncing = false;
  private waiting: Waiter[] = [];

  constructor(walFile: string) {
    // Created if SQLite has not written it yet: an empty WAL file is a valid, empty log.
    this.fd = openSync(walFile, 'a');
  }

  afterCommit(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.syncing) this.sync();
    });
  }

  close(): void {
    closeSync(this.fd);
  }

  private sync(): void {
    this.syncing = true;
    const batch = this.waiting;
    this.waiting = [];
    fdatasync(this.fd, (error) => {
      this.syncing = false;
      for (const waiter of batch) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
      if (this.waiting.length > 0) this.sync();
    });
  }
}
