import type { GroupDefinition } from './group-definition';
import { consumerStrategies, validateSettings } from './settings';

/** The data of a `$PersistentConfig` event: every group, written whole on each change. */
interface PersistentConfigRecord {
  version: 1;
  updated: string;
  updatedBy: string;
  entries: GroupDefinition[];
}

export function serializeConfig(entries: GroupDefinition[], now: Date): Buffer {
  const record: PersistentConfigRecord = { version: 1, updated: now.toISOString(), updatedBy: 'system', entries };
  return Buffer.from(JSON.stringify(record), 'utf8');
}

/** Reads back what `serializeConfig` wrote; anything else is reported rather than half-loaded. */
export function parseConfig(data: Buffer): GroupDefinition[] {
  const record = JSON.parse(data.toString('utf8')) as PersistentConfigRecord;
  if (record?.version !== 1 || !Array.isArray(record.entries)) {
    throw new Error('unsupported $PersistentConfig record');
  }
  for (const entry of record.entries) {
    if (typeof entry.eventSource !== 'string' || typeof entry.group !== 'string') {
      throw new Error('a $PersistentConfig entry lacks its stream or group');
    }
    if (!consumerStrategies.includes(entry.settings?.strategy)) {
      throw new Error(`a $PersistentConfig entry has an unknown strategy: ${entry.settings?.strategy}`);
    }
    validateSettings(entry.settings);
    if (!Number.isSafeInteger(entry.firstPoint)) throw new Error('a $PersistentConfig entry lacks its first point');
  }
  return record.entries;
}
