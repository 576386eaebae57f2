import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '@app/event-store';
import { actorOf, type Principal } from '../auth/principal';

/** Each HTTP command is its own cause; a client may tie several together with X-Correlation-Id. */
export function metadataFor(principal: Principal, command: string, correlationId?: string): CommandMetadata {
  const causationId = randomUUID();
  return { actor: actorOf(principal), correlationId: correlationId ?? causationId, causationId, command };
}
