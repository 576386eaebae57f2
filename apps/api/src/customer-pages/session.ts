import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CustomerRole } from '@app/domain';
import type { CustomerPrincipal } from '../auth/principal';

/** Who is signed in to the customer's pages, and the token their forms must carry. */
export interface PortalSession {
  readonly customerId: string;
  readonly userId: string;
  readonly role: CustomerRole;
  /** Synchroniser token: forms carry it, a cross-site form post cannot know it. */
  readonly csrf: string;
}

/** The signed-in person as the commands know a caller: the same principal a customer's bearer token gives. */
export const principalOf = ({ customerId, userId, role }: PortalSession, correlationId: string): CustomerPrincipal => ({
  kind: 'customer',
  customerId,
  userId,
  role,
  correlationId,
});

/** Short-lived: the pages serve one task (accepting, adjusting admin permissions), not a standing login. */
export const SESSION_SECONDS = 30 * 60;

export const newCsrfToken = (): string => randomBytes(24).toString('base64url');

export const sameToken = (a: unknown, b: string): boolean =>
  typeof a === 'string' && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Signs and reads the session cookie: `payload.mac`, both base64url, the MAC an HMAC-SHA256 under a key derived from
 * the deployment's secret for this one purpose, so a session cookie is never accepted as an API bearer token, nor the
 * other way round. The payload carries its own expiry, since a browser may keep a cookie past Max-Age.
 */
export class PortalSessions {
  private readonly key: Buffer;
  /** Browsers refuse `__Host-` cookies without Secure, so the prefix is used only behind HTTPS. */
  readonly cookieName: string;

  constructor(
    secret: string,
    readonly secure: boolean,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'csp-portal', 'customer-pages-session', 32));
    this.cookieName = secure ? '__Host-csp_portal' : 'csp_portal';
  }

  async cookie(session: PortalSession, now = Date.now()): Promise<string> {
    return this.serialise(this.seal({ ...session, exp: Math.floor(now / 1000) + SESSION_SECONDS }), SESSION_SECONDS);
  }

  cleared(): string {
    return this.serialise('', 0);
  }

  async read(cookieHeader: string | undefined, now = Date.now()): Promise<PortalSession | undefined> {
    const payload = this.unseal(cookieValue(cookieHeader, this.cookieName));
    if (!payload || typeof payload.exp !== 'number' || payload.exp * 1000 <= now) return undefined;
    const { customerId, userId, role, csrf } = payload;
    if (typeof customerId !== 'string' || typeof userId !== 'string' || typeof csrf !== 'string') return undefined;
    if (role !== 'GlobalAdmin' && role !== 'User') return undefined;
    return { customerId, userId, role, csrf };
  }

  /** A value only this deployment can have written (also used for the OpenID Connect sign-in's pending state). */
  seal(payload: Record<string, unknown>): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  unseal(value: string | undefined): Record<string, unknown> | undefined {
    const [body, mac, ...rest] = (value ?? '').split('.');
    if (!body || !mac || rest.length > 0 || !sameToken(mac, this.mac(body))) return undefined;
    try {
      const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private serialise(value: string, maxAge: number): string {
    return `${this.cookieName}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${this.secure ? '; Secure' : ''}`;
  }
}

/** One cookie's value from a Cookie header; undefined when absent. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
