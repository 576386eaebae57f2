import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

export const AUDIENCE = 'csp:audience';
/** Which callers a route serves: partner users (the default), customer users, or anyone (no token). */
export type Audience = 'partner' | 'customer' | 'public';
export const ForAudience = (audience: Audience) => SetMetadata(AUDIENCE, audience);

export interface AuthenticatedRequest {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
