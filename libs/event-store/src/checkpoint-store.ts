import { BACKWARDS, END, StreamNotFoundError, jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';

/** Where a subscription resumes: the commit/prepare position of the last event it finished. */
export interface Checkpoint {
  commit: bigint;
  prepare: bigint;
}

export interface CheckpointStore {
  load(): Promise<Checkpoint | null>;
  save(checkpoint: Checkpoint): Promise<void>;
}

/**
 * Keeps a checkpoint as the last event of its own stream (no `$`, so it is an ordinary stream), with
 * `$maxCount` 1 so old checkpoints are scavenged.
 */
export class StreamCheckpointStore implements CheckpointStore {
  private metadataWritten = false;

  constructor(
    private readonly client: EventStoreDBClient,
    readonly streamName: string,
  ) {}

  async load(): Promise<Checkpoint | null> {
    let checkpoint: Checkpoint | null = null;
    try {
      // Read to the end (maxCount 1) instead of returning from inside the loop: an abandoned read stream
      // keeps the client's channel busy until it times out.
      for await (const resolved of this.client.readStream(this.streamName, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        const data = resolved.event?.data as { commit?: string; prepare?: string } | undefined;
        if (data?.commit !== undefined) checkpoint = { commit: BigInt(data.commit), prepare: BigInt(data.prepare ?? data.commit) };
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return checkpoint;
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    if (!this.metadataWritten) {
      await this.client.setStreamMetadata(this.streamName, { maxCount: 1 });
      this.metadataWritten = true;
    }
    await this.client.appendToStream(
      this.streamName,
      jsonEvent({ type: 'CheckpointStored', data: { commit: String(checkpoint.commit), prepare: String(checkpoint.prepare) } }),
    );
  }
}

/** For tests and throwaway runs. */
export class MemoryCheckpointStore implements CheckpointStore {
  constructor(private checkpoint: Checkpoint | null = null) {}
  async load(): Promise<Checkpoint | null> {
    return this.checkpoint;
  }
  async save(checkpoint: Checkpoint): Promise<void> {
    this.checkpoint = checkpoint;
  }
}
