import { SignJWT } from 'jose';
import type { AppConfig } from '../config';

export interface TokenClaims {
  sub: string;
  role: string;
  partnerId?: string;
  customerId?: string;
  expiresIn?: string;
}

/** Signs an HS256 token with the configured secret (development and tests). */
export async function signToken(jwt: AppConfig['jwt'], claims: TokenClaims): Promise<string> {
  if (!jwt.secret) throw new Error('signing needs JWT_SECRET');
  const body: Record<string, string> = { role: claims.role };
  if (claims.partnerId) body.partner_id = claims.partnerId;
  if (claims.customerId) body.customer_id = claims.customerId;
  return new SignJWT(body)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(jwt.issuer)
    .setAudience(jwt.audience)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(jwt.secret));
}
