import { Injectable } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { isValidId } from '@app/domain';
import { authenticate } from '../../auth/authenticate';
import type { PartnerPrincipal } from '../../auth/principal';
import { TokenVerifier } from '../../auth/token-verifier';
import { sendProblem, toProblem } from '../../http/problem.filter';
import { ProblemException, problem } from '../../http/problem';
import { CustomerAccountController, FAST_ROUTE } from './customer-account.controller';

/**
 * `GET /v1/customers/{customerId}/account` is the hottest read. Nest's per-request pipeline (guard,
 * pipes, interceptor, exception filter) costs more than the read itself, so on Fastify this replaces the
 * Nest route's handler with one doing the same steps directly: the partner's bearer token (the guard's
 * `authenticate`), the id check (the `IdParam` pipe's rule and message), the controller's own method, and
 * errors through the same `toProblem` as the ProblemFilter. The route itself stays Nest's: its URL, the OpenAPI document,
 * and every Fastify hook on it (security headers, rate limit, the error handler) are unchanged.
 */
@Injectable()
export class CustomerAccountFastRoute {
  private controller: CustomerAccountController | undefined;

  constructor(
    adapterHost: HttpAdapterHost,
    private readonly verifier: TokenVerifier,
    private readonly moduleRef: ModuleRef,
  ) {
    const instance = adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    // Not on Fastify: the Nest route serves as it is.
    if (typeof instance?.addHook !== 'function') return;
    // Here, not in onModuleInit: Nest registers the controllers' routes after constructing providers and
    // before calling onModuleInit, and an onRoute hook sees only routes registered after it.
    instance.addHook('onRoute', (route: RouteOptions) => {
      if ((route.config as Record<string, unknown> | undefined)?.[FAST_ROUTE] !== 'customer-account') return;
      route.handler = (request, reply) => this.handle(request, reply);
    });
  }

  async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    try {
      const principal = (await authenticate(this.verifier, request.headers.authorization, 'partner')) as PartnerPrincipal;
      const customerId = (request.params as { customerId?: unknown }).customerId;
      if (!isValidId(customerId)) {
        throw new ProblemException(problem(400, 'VALIDATION', 'customerId must be 1-64 letters, digits or dashes.', { field: 'customerId' }));
      }
      await this.controllerInstance().get(principal, customerId, request.query as Record<string, unknown>, request.headers, reply);
      return reply;
    } catch (error) {
      sendProblem(reply, toProblem(error));
      return reply;
    }
  }

  /** Looked up on first use: Nest creates controllers after this provider. */
  private controllerInstance(): CustomerAccountController {
    this.controller ??= this.moduleRef.get(CustomerAccountController);
    if (!this.controller) throw new Error('CustomerAccountController is not registered beside CustomerAccountFastRoute');
    return this.controller;
  }
}
