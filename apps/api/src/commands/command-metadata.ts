import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '@app/event-store';
import { actorOf, type Principal } from '../auth/principal';

/** Each HTTP command is its own cause, correlated with the request the principal calls in. */
export function metadataFor(principal: Principal, command: string): CommandMetadata {
  const causationId = randomUUID();
  return { actor: actorOf(principal), correlationId: principal.correlationId ?? causationId, causationId, command };
}
