import { randomUUID } from 'node:crypto';
import { ANY, jsonEvent } from '@eventstore/db-client';
import { currentSchemaVersion, type CustomerDetailsUpdated } from '@app/domain';
import type { ApiHarness } from './api-harness';

/**
 * Appends `CustomerDetailsUpdated` events (companyName `v1`, `v2`, … in order) to a customer's stream, as another
 * writer of the log would: what webhooks deliver is read from the log, whoever wrote it.
 */
export async function appendDetailUpdates(
  api: ApiHarness,
  customerId: string,
  partnerId: string,
  count: number,
  from = 1,
): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `v${from + i}`);
  const events = names.map((companyName) => {
    const event: CustomerDetailsUpdated = {
      type: 'CustomerDetailsUpdated',
      data: { customerId, partnerId, companyName, updatedAt: new Date().toISOString() },
    };
    return jsonEvent({
      id: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        schemaVersion: currentSchemaVersion(event.type),
        actor: { kind: 'system', process: 'spec' },
        correlationId: randomUUID(),
        causationId: randomUUID(),
      },
    });
  });
  // One append per event: each is its own commit, as separate commands would be.
  for (const event of events) await api.client.appendToStream(`customer-${customerId}`, event, { expectedRevision: ANY });
  return names;
}
