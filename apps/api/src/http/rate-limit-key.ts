import type { FastifyRequest } from 'fastify';
import { tenantOf } from '../auth/principal';
import type { TokenVerifier } from '../auth/token-verifier';

/**
 * Limits are per verified tenant (partner, customer or auditor). A token that does not verify names nobody, so it counts
 * against its client address: a forged token naming a partner must not spend that partner's budget.
 * The verifier remembers verified tokens, so the guard's second check of the same token costs nothing.
 */
export function rateLimitKeyFor(verifier: TokenVerifier): (request: FastifyRequest) => string | Promise<string> {
  const verified = async (request: FastifyRequest, token: string) => {
    try {
      return tenantOf(await verifier.verify(token));
    } catch {
      // Refused by the guard with 401; until then it counts against its address.
      return `ip:${request.ip}`;
    }
  };
  return (request) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match) return `ip:${request.ip}`;
    // A token verified before answers at once: most requests need no promise here.
    const known = verifier.cached(match[1]);
    return known ? tenantOf(known) : verified(request, match[1]);
  };
}
