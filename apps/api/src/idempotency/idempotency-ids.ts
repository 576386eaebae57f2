import { hash } from 'node:crypto';
import { uuidV5 } from '@app/event-store';
import { tenantOf, type AnyPrincipal } from '../auth/principal';
import { canonicalJson } from '@app/audit/canonical-json';

/**
 * Whose key it is: the tenant, the user and the role. A key is never shared with another user of the same
 * partner, so a replay can only hand a response (a temporary password, an invitation link) back to its caller.
 */
export function idempotencyScope(principal: AnyPrincipal | undefined): string {
  if (!principal) return 'public';
  return `${tenantOf(principal)}/user:${principal.userId}/role:${principal.role}`;
}

/** The request a key stands for: method, URL and the body in canonical form (key order does not matter). */
export function requestDigest(method: string, url: string, body: unknown): string {
  return hash('sha256', `${method} ${url}\n${canonicalJson(body)}`, 'hex');
}

/**
 * The seed of the ids a keyed command creates (customer, subscription, invitation, event ids): a retry after a
 * crash creates the same ids, so the store's `no_stream` and duplicate-event-id checks de-duplicate it. The request
 * is part of it, so a key used again for another request after its record expired can never be taken for the
 * earlier attempt. It is a digest, so the ids reveal neither the key nor the scope.
 */
export function idempotencySeed(scope: string, key: string, requestHash: string): string {
  return hash('sha256', `csp-api idempotent ids\0${scope}\0${key}\0${requestHash}`, 'hex');
}

/** A name-based id under a seed: `derivedId(seed, 'subscription')`, `derivedId(seed, 'event', stream, 0)`. */
export function derivedId(seed: string, ...parts: (string | number)[]): string {
  return uuidV5([seed, ...parts].join('/'));
}

/** Deterministic event ids of one stream's append under a seed; random ids (undefined) without a key. */
export function seededEventIds(seed: string | undefined, stream: string, salt = ''): ((index: number) => string) | undefined {
  return seed === undefined ? undefined : (index) => derivedId(seed, 'event', stream, salt, index);
}
