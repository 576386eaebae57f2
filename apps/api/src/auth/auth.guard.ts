import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException, problem } from '../http/problem';
import { AUDIENCE, type Audience, type AuthenticatedRequest } from './auth.decorators';
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
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match) throw new ProblemException(problem(401, 'UNAUTHENTICATED', 'A bearer token is required.', { field: 'Authorization' }));
    const principal = await this.verifier.verify(match[1]);
    if (principal.kind !== audience) {
      throw new ProblemException(problem(403, 'FORBIDDEN', `This endpoint is for ${audience} users.`, { field: 'Authorization' }));
    }
    request.principal = principal;
    return true;
  }
}
