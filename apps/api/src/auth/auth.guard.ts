import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
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
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    request.principal = await authenticate(this.verifier, request.headers.authorization, audience);
    return true;
  }
}
