import type { EnvReader } from '@app/config';

/** How bearer tokens are verified (and, by `npm run token`, signed). */
export interface JwtConfig {
  secret?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
}

/**
 * The development secret signs tokens from `npm run token`. It is committed, so it is only accepted for a
 * development setup (see `developmentSetup`); anywhere else JWT_SECRET or JWKS_URL must be set.
 */
export const DEVELOPMENT_JWT_SECRET = 'csp-development-secret-do-not-use-in-production-0123456789';

/** HS256 keys shorter than the hash are guessable offline from any token (RFC 7518, section 3.2). */
export const MIN_SECRET_BYTES = 32;

/** JWT_SECRET (at least 32 bytes), else the development secret; JWT_ISSUER and JWT_AUDIENCE. */
export function readSigningJwt(read: EnvReader): JwtConfig {
  return { ...readClaims(read), secret: read.secret('JWT_SECRET', MIN_SECRET_BYTES) ?? DEVELOPMENT_JWT_SECRET };
}

/**
 * The API's verification settings: JWKS_URL, else JWT_SECRET, else the development secret, which is a problem
 * to report unless `developmentSetup` holds (a committed secret must not guard a deployment).
 */
export function readVerifyingJwt(read: EnvReader, developmentSetup: boolean): JwtConfig {
  const secret = read.secret('JWT_SECRET', MIN_SECRET_BYTES);
  if (read.string('JWKS_URL') !== undefined) return { ...readClaims(read), secret, jwksUrl: read.url('JWKS_URL', ['https:', 'http:']) };
  if ((secret ?? DEVELOPMENT_JWT_SECRET) === DEVELOPMENT_JWT_SECRET && !developmentSetup) {
    read.problem(
      'JWT_SECRET or JWKS_URL',
      'must be set: the development secret is accepted only with a loopback HOST and PUBLIC_URL and NODE_ENV other than ' +
        'production (ALLOW_DEV_JWT=1 accepts it anyway)',
    );
  }
  return { ...readClaims(read), secret: secret ?? DEVELOPMENT_JWT_SECRET };
}

function readClaims(read: EnvReader): Pick<JwtConfig, 'issuer' | 'audience'> {
  return { issuer: read.string('JWT_ISSUER', 'csp-dev'), audience: read.string('JWT_AUDIENCE', 'csp-api') };
}
