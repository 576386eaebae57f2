import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '@app/event-store';
import { actorOf, type Principal } from '../auth/principal';
import { currentRequest } from '../http/request-context';

/**
 * Each HTTP command is its own cause. The correlation id is the request's (X-Correlation-Id, a W3C traceparent's
 * trace id, else the request id), so an auditor goes from an event to the log lines of the request and back.
 */
export function metadataFor(principal: Principal, command: string): CommandMetadata {
  const causationId = randomUUID();
  return { actor: actorOf(principal), correlationId: currentRequest()?.correlationId ?? causationId, causationId, command };
}
