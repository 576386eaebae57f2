import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AggregateStore } from '@app/event-store';
import { AcceptInvitationCommand } from '../accept-invitation/accept-invitation.handler';
import { ForAudience } from '../auth/auth.decorators';
import { toProblem } from '../http/problem.filter';
import { customerExists, viewInvitation } from './invitation-view';
import { acceptedPage, invitationPage, outcomePage } from './pages';
import { PortalContext } from './portal-context';
import { correlationIdOf } from '../http/request-context';
import { principalOf, sameToken } from './session';

/**
 * The personalised link's page: who invites, what accepting means, until when; the customer's Global admin accepts
 * here through the same AcceptInvitation command as the API.
 */
@ApiExcludeController()
@ForAudience('public')
@Controller('invitations/:invitationId/accept')
export class InvitationPageController {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly commands: CommandBus,
    private readonly portal: PortalContext,
  ) {}

  @Get()
  async show(
    @Param('invitationId') invitationId: string,
    @Query('token') token: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const session = await this.portal.session(request);
    return this.portal.send(reply, await this.page(invitationId, token, session));
  }

  @Post()
  async accept(
    @Param('invitationId') invitationId: string,
    @Body() form: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { t, devSignIn } = this.portal;
    const session = await this.portal.session(request);
    const self = `/invitations/${encodeURIComponent(invitationId)}/accept?token=${encodeURIComponent(form?.token ?? '')}`;
    if (!session) return this.portal.redirect(reply, `/portal/sign-in?next=${encodeURIComponent(self)}`);
    if (!sameToken(form?._csrf, session.csrf)) return this.portal.send(reply, outcomePage(t, 'forbidden', { session, devSignIn }));
    const view = await viewInvitation(this.aggregates, invitationId, form.token, session.customerId);
    if (view.status !== 'open') return this.portal.send(reply, outcomePage(t, view.status, { session, devSignIn }));
    if (session.role !== 'GlobalAdmin')
      return this.portal.send(reply, { ...(await this.page(invitationId, form.token, session)), status: 403 });
    const principal = principalOf(session, correlationIdOf(request.headers, request.id));
    const newCustomer = form.companyName !== undefined || form.primaryDomain !== undefined;
    try {
      await this.commands.execute(
        new AcceptInvitationCommand(principal, invitationId, {
          token: form.token!,
          ...(newCustomer
            ? { newCustomer: { companyName: (form.companyName ?? '').trim(), primaryDomain: (form.primaryDomain ?? '').trim() } }
            : {}),
        }),
      );
    } catch (error) {
      const problem = toProblem(error, reply.request.id);
      if (problem.status >= 500) return this.portal.send(reply, outcomePage(t, 'error', { session, devSignIn }));
      const page = await this.page(invitationId, form.token, session, problem.detail ?? problem.title);
      return this.portal.send(reply, { ...page, status: problem.status });
    }
    return this.portal.send(reply, acceptedPage(t, view.provider ? [view.partner, view.provider] : [view.partner], { session, devSignIn }));
  }

  private async page(invitationId: string, token: unknown, session: Awaited<ReturnType<PortalContext['session']>>, error?: string) {
    const { t, devSignIn } = this.portal;
    const view = await viewInvitation(this.aggregates, invitationId, token, session?.customerId);
    if (view.status !== 'open') return outcomePage(t, view.status, { session, devSignIn });
    const self = `/invitations/${encodeURIComponent(invitationId)}/accept`;
    return invitationPage(t, view, {
      session,
      devSignIn,
      error,
      token: token as string,
      action: self,
      signInUrl: `/portal/sign-in?next=${encodeURIComponent(`${self}?token=${token as string}`)}`,
      newCustomer: session ? !(await customerExists(this.aggregates, session.customerId)) : false,
    });
  }
}
