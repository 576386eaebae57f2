import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import { isValidId, type CustomerRole } from '@app/domain';
import { PortalContext } from './portal-context';
import { cookieValue } from './session';

const STATE_COOKIE = 'csp_portal_oidc';
const STATE_SECONDS = 10 * 60;

/**
 * Authorization code with PKCE against the identity provider the deployment trusts for bearer tokens: its ID token
 * names the person (`sub`), the customer (`customer_id`) and the role (`role`), the same claims as the API's tokens.
 * The code verifier, state and nonce wait for the callback in a sealed, short-lived cookie, so any instance can
 * finish a sign-in another started (the seal's payload has its own shape, so it never reads as a session).
 */
@Injectable()
export class OidcSignIn {
  private configuration?: Promise<oidc.Configuration>;

  constructor(private readonly portal: PortalContext) {}

  get enabled(): boolean {
    return this.portal.oidc !== undefined;
  }

  async start(next: string): Promise<{ location: string; cookie: string }> {
    const config = await this.discover();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const location = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(),
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const sealed = this.portal.sessions.seal({
      oidc: { verifier, state, nonce, next },
      exp: Math.floor(Date.now() / 1000) + STATE_SECONDS,
    });
    return { location: location.href, cookie: this.cookie(sealed, STATE_SECONDS) };
  }

  /** The signed-in person, or undefined when the callback does not belong to a sign-in this deployment started. */
  async finish(
    request: FastifyRequest,
  ): Promise<{ person: { customerId: string; userId: string; role: CustomerRole }; next: string } | undefined> {
    const sealed = this.portal.sessions.unseal(cookieValue(request.headers.cookie, STATE_COOKIE));
    if (!sealed?.oidc || typeof sealed.exp !== 'number' || sealed.exp * 1000 <= Date.now()) return undefined;
    const pending = sealed.oidc as { verifier: string; state: string; nonce: string; next: string };
    const config = await this.discover();
    const current = new URL(request.url, this.portal.config.publicUrl);
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch {
      return undefined;
    }
    const customerId = claims?.customer_id;
    const role = claims?.role;
    if (!claims?.sub || typeof customerId !== 'string' || !isValidId(customerId) || (role !== 'GlobalAdmin' && role !== 'User'))
      return undefined;
    return { person: { customerId, userId: claims.sub, role }, next: pending.next };
  }

  clearedCookie(): string {
    return this.cookie('', 0);
  }

  private discover(): Promise<oidc.Configuration> {
    const settings = this.portal.oidc!;
    const issuer = new URL(settings.issuer);
    // Plain HTTP only for a provider on this machine (development and the browser tests).
    const insecure = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    this.configuration ??= oidc
      .discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        undefined,
        insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  private redirectUri(): string {
    return `${this.portal.config.publicUrl}/portal/callback`;
  }

  private cookie(value: string, maxAge: number): string {
    return `${STATE_COOKIE}=${value}; Path=/portal/callback; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${this.portal.sessions.secure ? '; Secure' : ''}`;
  }
}
