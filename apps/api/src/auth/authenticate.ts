import { ProblemException, problem } from '../http/problem';
import type { Audience } from './auth.decorators';
import type { AnyPrincipal } from './principal';
import type { TokenVerifier } from './token-verifier';

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * The caller of a non-public route, from its `Authorization` header: a verified bearer token of the route's
 * audience, else 401 (no or unverifiable token) or 403 (a token of the other audience).
 */
export async function authenticate(
  verifier: TokenVerifier,
  authorization: unknown,
  audience: Exclude<Audience, 'public'>,
): Promise<AnyPrincipal> {
  const match = typeof authorization === 'string' ? BEARER.exec(authorization) : null;
  if (!match) throw new ProblemException(problem(401, 'UNAUTHENTICATED', 'A bearer token is required.', { field: 'Authorization' }));
  const principal = verifier.cached(match[1]) ?? (await verifier.verify(match[1]));
  if (principal.kind !== audience) {
    throw new ProblemException(problem(403, 'FORBIDDEN', `This endpoint is for ${audience} users.`, { field: 'Authorization' }));
  }
  return principal;
}
