import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isService, streamName, type Service } from '@app/domain';
import { customerDecider } from '@app/domain/customer';
import { partnerDecider } from '@app/domain/partner';
import { AggregateStore } from '@app/event-store';
import { ReassignAdminPermissionsCommand, RemoveAdminPermissionsCommand } from '../admin-permissions/admin-permissions.handlers';
import { ForAudience } from '../auth/auth.decorators';
import { toProblem } from '../http/problem.filter';
import { outcomePage, portalPage, type PortalPartner } from './pages';
import { PortalContext } from './portal-context';
import { correlationIdOf } from '../http/request-context';
import { principalOf, sameToken, type PortalSession } from './session';
import { stylesheet } from './styles';

/**
 * The customer's own page: its partners, who holds admin permissions per service, and the actions the domain offers
 * the customer (remove or reassign them), each through the same command as the API.
 */
@ApiExcludeController()
@ForAudience('public')
@Controller('portal')
export class PortalController {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly commands: CommandBus,
    private readonly portal: PortalContext,
  ) {}

  @Get('styles.css')
  styles(@Res({ passthrough: true }) reply: FastifyReply): string {
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return stylesheet;
  }

  @Get()
  async show(
    @Query('saved') saved: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const session = await this.portal.session(request);
    if (!session) return this.portal.redirect(reply, '/portal/sign-in?next=%2Fportal');
    return this.portal.send(reply, await this.page(session, saved === '1' ? this.portal.t.portal.changed : undefined));
  }

  @Post('admin-permissions/:service/:action')
  async change(
    @Param('service') service: string,
    @Param('action') action: string,
    @Body() form: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { t, devSignIn } = this.portal;
    const session = await this.portal.session(request);
    if (!session) return this.portal.redirect(reply, '/portal/sign-in?next=%2Fportal');
    if (
      !sameToken(form?._csrf, session.csrf) ||
      session.role !== 'GlobalAdmin' ||
      !isService(service) ||
      (action !== 'remove' && action !== 'reassign')
    ) {
      return this.portal.send(reply, outcomePage(t, 'forbidden', { session, devSignIn }));
    }
    const principal = principalOf(session, correlationIdOf(request.headers, request.id));
    try {
      await this.commands.execute(
        action === 'remove'
          ? new RemoveAdminPermissionsCommand(principal, session.customerId, {
              partnerId: form.partnerId ?? '',
              service: service as Service,
            })
          : new ReassignAdminPermissionsCommand(principal, session.customerId, {
              toPartnerId: form.toPartnerId ?? '',
              service: service as Service,
            }),
      );
    } catch (error) {
      const problem = toProblem(error, reply.request.id);
      const page = await this.page(session, undefined, problem.status >= 500 ? t.error.body : problem.detail);
      return this.portal.send(reply, { ...page, status: problem.status });
    }
    return this.portal.redirect(reply, '/portal?saved=1');
  }

  private async page(session: PortalSession, notice?: string, error?: string) {
    const { state } = await this.aggregates.read(streamName.customer(session.customerId), customerDecider);
    const partners: PortalPartner[] = [];
    const holders: { service: string; partnerId: string }[] = [];
    if (state.status === 'exists') {
      for (const [partnerId, relationship] of Object.entries(state.relationships).sort(([a], [b]) => a.localeCompare(b))) {
        const partner = (await this.aggregates.read(streamName.partner(partnerId), partnerDecider)).state;
        partners.push({
          partnerId,
          name: partner.status === 'enrolled' ? partner.name : partnerId,
          relationship: relationship.active ? 'active' : 'removed',
          adminServices: (Object.entries(state.adminHolders) as [Service, string][])
            .filter(([, holder]) => holder === partnerId)
            .map(([s]) => s),
        });
      }
      for (const [service, partnerId] of Object.entries(state.adminHolders) as [Service, string][]) holders.push({ service, partnerId });
      holders.sort((a, b) => a.service.localeCompare(b.service));
    }
    return portalPage(this.portal.t, { partners, holders, notice, error }, { session, devSignIn: this.portal.devSignIn });
  }
}
