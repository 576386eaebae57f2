import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { isValidId } from '@app/domain/stream-names';
import { LRUCache } from 'lru-cache';
import type { AppConfig } from '../config';
import type { CustomerRole, PartnerRole } from '@app/domain';
import { AUDITOR_ROLES, CUSTOMER_ROLES, PARTNER_ROLES, type AnyPrincipal } from './principal';

/**
 * A token that does not authenticate anyone. Its message is what the 401 says: whether it expired (the client
 * may fetch a new one), nothing else; which claim failed, or which roles exist, is kept in `reason`.
 */
export class InvalidTokenError extends Error {
  constructor(
    readonly reason: string,
    expired = false,
  ) {
    super(expired ? 'The bearer token has expired.' : 'The bearer token is not valid.');
  }
}

interface Verified {
  principal: AnyPrincipal;
  /** Never served from a cache at or after this time: `exp` is when jose stops accepting the token. */
  expiresAtMs: number;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

/** Verifies signature, issuer, audience and expiry, then reads the tenant, user and role claims. */
export class TokenVerifier {
  private readonly key: Parameters<typeof jwtVerify>[1];
  /**
   * Verified tokens until their expiry: a signature check costs more than the rest of a cached command,
   * and the same token string can only ever verify to the same claims.
   */
  private readonly verified: LRUCache<string, Verified>;
  /**
   * The token verified last: every request is checked twice in a row (the rate limit's key, then the
   * guard), and comparing one string is cheaper than hashing it for the map.
   */
  private last: Verified & { token: string } = { token: '', principal: undefined as never, expiresAtMs: 0 };

  constructor(
    private readonly jwt: AppConfig['jwt'],
    cacheSize = 10_000,
  ) {
    this.verified = new LRUCache({ max: cacheSize });
    if (jwt.jwksUrl) this.key = createRemoteJWKSet(new URL(jwt.jwksUrl));
    else if (jwt.secret) this.key = new TextEncoder().encode(jwt.secret);
    else throw new Error('JWT_SECRET or JWKS_URL must be set');
  }

  async verify(token: string): Promise<AnyPrincipal> {
    const known = this.cached(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as Uint8Array, {
        issuer: this.jwt.issuer,
        audience: this.jwt.audience,
        algorithms: this.jwt.jwksUrl ? ['RS256', 'ES256', 'EdDSA'] : ['HS256'],
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      const expired = (error as { code?: unknown }).code === 'ERR_JWT_EXPIRED';
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token', expired);
    }
    const principal = principalFrom(payload);
    const verified = { principal, expiresAtMs: payload.exp! * 1000 };
    this.verified.set(token, verified);
    this.last = { token, ...verified };
    return principal;
  }

  /** The principal of a token verified before and not expired yet, without waiting (undefined: call verify). */
  cached(token: string): AnyPrincipal | undefined {
    const now = Date.now();
    const last = this.last;
    if (last.token === token && last.expiresAtMs > now) return last.principal;
    const known = this.verified.get(token);
    if (!known || known.expiresAtMs <= now) return undefined;
    this.last = { token, ...known };
    return known.principal;
  }
}

function principalFrom(payload: JWTPayload): AnyPrincipal {
  const { sub, role, partner_id: partnerId, customer_id: customerId } = payload as JWTPayload & Record<string, unknown>;
  if (typeof sub !== 'string' || !ID.test(sub)) throw new InvalidTokenError('token has no valid "sub"');
  if (AUDITOR_ROLES.includes(role as never)) return auditorFrom(sub, role, partnerId, customerId);
  if (typeof partnerId === 'string' && customerId === undefined) {
    if (!isValidId(partnerId)) throw new InvalidTokenError('token has an invalid "partner_id"');
    if (!PARTNER_ROLES.includes(role as never)) throw new InvalidTokenError(`"role" must be one of ${PARTNER_ROLES.join(', ')}`);
    return { kind: 'partner', partnerId, userId: sub, role: role as PartnerRole };
  }
  if (typeof customerId === 'string' && partnerId === undefined) {
    if (!isValidId(customerId)) throw new InvalidTokenError('token has an invalid "customer_id"');
    if (!CUSTOMER_ROLES.includes(role as never)) throw new InvalidTokenError(`"role" must be one of ${CUSTOMER_ROLES.join(', ')}`);
    return { kind: 'customer', customerId, userId: sub, role: role as CustomerRole };
  }
  throw new InvalidTokenError('token must name exactly one of "partner_id" or "customer_id"');
}

/** An `Auditor` reads one partner's relationships and names it; a `PlatformAuditor` reads all and names none. */
function auditorFrom(sub: string, role: unknown, partnerId: unknown, customerId: unknown): AnyPrincipal {
  if (customerId !== undefined) throw new InvalidTokenError('an auditor token names no "customer_id"');
  if (role === 'PlatformAuditor') {
    if (partnerId !== undefined) throw new InvalidTokenError('a PlatformAuditor token names no "partner_id"');
    return { kind: 'auditor', role, userId: sub };
  }
  if (typeof partnerId !== 'string' || !isValidId(partnerId)) throw new InvalidTokenError('an Auditor token needs a valid "partner_id"');
  return { kind: 'auditor', role: 'Auditor', partnerId, userId: sub };
}
