import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config';
import { APP_CONFIG } from '../infrastructure/resources.module';
import type { Page } from './pages';
import { PortalSessions, type PortalSession } from './session';
import { en, type Strings } from './strings';

/** What every page controller needs: the strings, the session cookie, and how this deployment signs people in. */
@Injectable()
export class PortalContext {
  readonly t: Strings = en;
  readonly sessions: PortalSessions;
  readonly devSignIn: boolean;
  readonly oidc: AppConfig['portal']['oidc'];

  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {
    this.devSignIn = config.portal.devSignIn;
    this.oidc = config.portal.oidc;
    this.sessions = new PortalSessions(config.portal.sessionSecret, config.publicUrl.startsWith('https:'));
  }

  session(request: FastifyRequest): Promise<PortalSession | undefined> {
    return this.sessions.read(request.headers.cookie);
  }

  /** Pages are personal and may carry a token in their URL: never cached, never referred. */
  send(reply: FastifyReply, page: Page): string {
    reply.status(page.status).type('text/html; charset=utf-8').header('cache-control', 'no-store');
    return page.html.text;
  }

  redirect(reply: FastifyReply, location: string, cookie?: string): string {
    if (cookie) reply.header('set-cookie', cookie);
    reply.status(303).header('location', location).header('cache-control', 'no-store');
    return '';
  }
}
