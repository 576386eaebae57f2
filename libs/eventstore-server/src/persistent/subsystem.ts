import { randomUUID } from 'node:crypto';
import { ExpectedRevision, type EventLog } from '../storage';
import { parseConfig, serializeConfig } from './config-record';
import type { DropReason } from './consumer';
import { alreadyExists, doesNotExist, shuttingDown } from './errors';
import { keyOf, type GroupDefinition } from './group-definition';
import * as groupStreams from './group-streams';
import { CONFIG_EVENT_TYPE, CONFIG_STREAM, groupKey } from './group-target';
import { PersistentGroup, type GroupLog } from './persistent-group';

export interface GroupBacklog {
  eventSource: string;
  group: string;
  backlog: number;
}

/**
 * Every group of the server. Changes are serialised: each one writes the whole configuration as a
 * `$PersistentConfig` event, and only then takes effect, so what runs is always what a restart reloads.
 */
export class PersistentSubsystem {
  private readonly groups = new Map<string, PersistentGroup>();
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly storage: EventLog,
    private readonly log: GroupLog,
  ) {
    this.load();
  }

  find(eventSource: string, group: string): PersistentGroup | undefined {
    return this.groups.get(groupKey(eventSource, group));
  }

  /** Groups in creation order (the order of the stored configuration); only one stream's (or `$all`'s) when asked. */
  list(eventSource?: string): PersistentGroup[] {
    const all = [...this.groups.values()];
    return eventSource === undefined ? all : all.filter((group) => group.definition.eventSource === eventSource);
  }

  /** `build` runs inside the serialised section, so an END start is fixed just before the config is written. */
  create(eventSource: string, group: string, build: () => GroupDefinition): Promise<void> {
    return this.exclusive(async () => {
      if (this.groups.has(groupKey(eventSource, group))) throw alreadyExists(eventSource, group);
      const definition = build();
      await this.saveConfig([...this.definitions(), definition]);
      this.start(definition);
      this.log('info', 'persistent subscription group created', { group: keyOf(definition), firstPoint: definition.firstPoint });
    });
  }

  update(eventSource: string, group: string, change: (current: GroupDefinition) => GroupDefinition): Promise<void> {
    return this.exclusive(async () => {
      const key = groupKey(eventSource, group);
      const current = this.groups.get(key);
      if (!current) throw doesNotExist(eventSource, group);
      const definition = change(current.definition);
      const definitions = this.definitions().map((entry) => (keyOf(entry) === key ? definition : entry));
      await this.saveConfig(definitions);
      // The old group writes its last checkpoint before the new one reads it.
      await current.stop('dropped');
      const groups = new Map(this.groups);
      this.groups.clear();
      for (const [entryKey, entry] of groups) {
        this.groups.set(entryKey, entryKey === key ? new PersistentGroup(definition, this.storage, this.log) : entry);
      }
      this.log('info', 'persistent subscription group updated', { group: key });
    });
  }

  delete(eventSource: string, group: string): Promise<void> {
    return this.exclusive(async () => {
      const key = groupKey(eventSource, group);
      const current = this.groups.get(key);
      if (!current) throw doesNotExist(eventSource, group);
      await this.saveConfig(this.definitions().filter((entry) => keyOf(entry) !== key));
      this.groups.delete(key);
      await current.stop('deleted');
      await groupStreams.deleteGroupStreams(this.storage, key);
      this.log('info', 'persistent subscription group deleted', { group: key });
    });
  }

  /** Drops every connection and reloads the groups from the stored configuration and checkpoints. */
  restart(): Promise<void> {
    return this.exclusive(async () => {
      await this.stopGroups('dropped');
      this.load();
      this.log('info', 'persistent subscription subsystem restarted', { groups: this.groups.size });
    });
  }

  /** Ends every Read call cleanly and writes the last checkpoints; call before the storage closes. */
  stop(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return this.exclusive(async () => {
      this.stopped = true;
      await this.stopGroups('shutdown');
    });
  }

  backlog(): GroupBacklog[] {
    return this.list().map((group) => ({
      eventSource: group.definition.eventSource,
      group: group.definition.group,
      backlog: group.backlog(),
    }));
  }

  private definitions(): GroupDefinition[] {
    return this.list().map((group) => group.definition);
  }

  private start(definition: GroupDefinition): void {
    this.groups.set(keyOf(definition), new PersistentGroup(definition, this.storage, this.log));
  }

  private async stopGroups(reason: DropReason): Promise<void> {
    const groups = [...this.groups.values()];
    this.groups.clear();
    await Promise.all(groups.map((group) => group.stop(reason)));
  }

  private load(): void {
    const read = this.storage.readStream(CONFIG_STREAM, { direction: 'backwards', from: 'end', limit: 1 });
    if (read.status !== 'ok' || read.events.length === 0) return;
    let definitions: GroupDefinition[];
    try {
      definitions = parseConfig(read.events[0].data);
    } catch (error) {
      this.log('error', 'persistent subscription configuration is unreadable; no groups loaded', { error: `${error}` });
      return;
    }
    for (const definition of definitions) {
      try {
        this.start(definition);
      } catch (error) {
        this.log('error', 'persistent subscription group not loaded', { group: keyOf(definition), error: `${error}` });
      }
    }
  }

  private async saveConfig(definitions: GroupDefinition[]): Promise<void> {
    const outcome = await this.storage.append(CONFIG_STREAM, ExpectedRevision.any, [
      {
        id: randomUUID(),
        type: CONFIG_EVENT_TYPE,
        isJson: true,
        data: serializeConfig(definitions, new Date()),
        metadata: Buffer.alloc(0),
      },
    ]);
    if (outcome.kind !== 'ok') throw new Error(`persistent subscription configuration not written: ${outcome.kind}`);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.stopped) throw shuttingDown();
      return work();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
