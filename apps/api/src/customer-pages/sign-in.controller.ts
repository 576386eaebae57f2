import { Body, Controller, Get, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isValidId } from '@app/domain';
import { ForAudience } from '../auth/auth.decorators';
import { OidcSignIn } from './oidc-sign-in';
import { outcomePage, signInPage } from './pages';
import { PortalContext } from './portal-context';
import { safeNext } from './safe-next';
import { cookieValue, newCsrfToken, sameToken } from './session';

/** Before a session exists, the sign-in form's CSRF token travels in its own short-lived cookie (double submit). */
const LOGIN_CSRF_COOKIE = 'csp_portal_login';

/**
 * Signs a person in to the customer's pages: with the deployment's OpenID Connect provider (authorization code with
 * PKCE, through openid-client), or, in development only, with a form that trusts what it is told.
 */
@ApiExcludeController()
@ForAudience('public')
@Controller('portal')
export class SignInController {
  constructor(
    private readonly portal: PortalContext,
    private readonly oidc: OidcSignIn,
  ) {}

  @Get('sign-in')
  form(@Query('next') next: unknown, @Res({ passthrough: true }) reply: FastifyReply): string {
    const csrf = newCsrfToken();
    reply.header('set-cookie', this.loginCsrfCookie(csrf));
    return this.portal.send(
      reply,
      signInPage(this.portal.t, { devSignIn: this.portal.devSignIn, oidc: this.oidc.enabled, next: safeNext(next), csrf }),
    );
  }

  @Post('sign-in')
  async devSignIn(
    @Body() form: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { t, devSignIn } = this.portal;
    if (!devSignIn) throw new NotFoundException();
    const expected = cookieValue(request.headers.cookie, LOGIN_CSRF_COOKIE);
    if (!expected || !sameToken(form?._csrf, expected)) return this.portal.send(reply, outcomePage(t, 'forbidden', { devSignIn }));
    const customerId = (form.customerId ?? '').trim();
    const userId = (form.userId ?? '').trim();
    const role = form.role === 'User' ? 'User' : 'GlobalAdmin';
    if (!isValidId(customerId) || userId.length === 0 || userId.length > 100) {
      const csrf = newCsrfToken();
      reply.header('set-cookie', this.loginCsrfCookie(csrf));
      const error = !isValidId(customerId)
        ? `${t.signIn.customerId}: 1-64 letters, digits or dashes.`
        : `${t.signIn.userId}: 1-100 characters.`;
      const page = signInPage(t, { devSignIn, oidc: this.oidc.enabled, next: safeNext(form.next), csrf, error });
      return this.portal.send(reply, { ...page, status: 400 });
    }
    const cookie = await this.portal.sessions.cookie({ customerId, userId, role, csrf: newCsrfToken() });
    return this.portal.redirect(reply, safeNext(form.next), cookie);
  }

  @Get('sign-in/oidc')
  async startOidc(@Query('next') next: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.oidc.enabled) throw new NotFoundException();
    const { location, cookie } = await this.oidc.start(safeNext(next));
    return this.portal.redirect(reply, location, cookie);
  }

  @Get('callback')
  async callback(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.oidc.enabled) throw new NotFoundException();
    const signedIn = await this.oidc.finish(request);
    if (!signedIn) return this.portal.send(reply, outcomePage(this.portal.t, 'forbidden', { devSignIn: this.portal.devSignIn }));
    const cookie = await this.portal.sessions.cookie({ ...signedIn.person, csrf: newCsrfToken() });
    reply.header('set-cookie', this.oidc.clearedCookie());
    return this.portal.redirect(reply, signedIn.next, cookie);
  }

  @Post('sign-out')
  async signOut(
    @Body() form: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const session = await this.portal.session(request);
    if (session && !sameToken(form?._csrf, session.csrf))
      return this.portal.send(reply, outcomePage(this.portal.t, 'forbidden', { session, devSignIn: this.portal.devSignIn }));
    return this.portal.redirect(reply, '/portal/sign-in', this.portal.sessions.cleared());
  }

  private loginCsrfCookie(csrf: string): string {
    return `${LOGIN_CSRF_COOKIE}=${csrf}; Path=/portal/sign-in; Max-Age=900; HttpOnly; SameSite=Strict${this.portal.sessions.secure ? '; Secure' : ''}`;
  }
}
