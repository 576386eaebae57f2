import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { correlationIdOf } from '../http/request-context';
import { AUDIENCE, type Audience, type AuthenticatedRequest } from './auth.decorators';
import { authenticate } from './authenticate';
import { TokenVerifier } from './token-verifier';

/** Every route needs a bearer token of its audience unless it is marked public. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const audience =
      this.reflector.getAllAndOverride<Audience | undefined>(AUDIENCE, [context.getHandler(), context.getClass()]) ?? 'partner';
    if (audience === 'public') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const principal = await authenticate(this.verifier, request.headers.authorization, audience);
    // A copy for the request (the verifier hands one principal to every request with its token); auditors issue no
    // commands, so their events need no correlation.
    request.principal =
      principal.kind === 'auditor' ? principal : { ...principal, correlationId: correlationIdOf(request.headers, request.id) };
    return true;
  }
}
