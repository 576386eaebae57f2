import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AnyPrincipal } from './principal';

export const AUDIENCE = 'csp:audience';
/** Which callers a route serves: partner users (the default), customer users, auditors, or anyone (no token). */
export type Audience = 'partner' | 'customer' | 'auditor' | 'public';
export const ForAudience = (audience: Audience) => SetMetadata(AUDIENCE, audience);

export interface AuthenticatedRequest {
  principal?: AnyPrincipal;
}

/** The caller of a partner or customer route; auditor routes declare their parameter as `AuditorPrincipal`. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): AnyPrincipal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
