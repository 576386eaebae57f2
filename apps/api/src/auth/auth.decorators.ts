import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { AnyPrincipal } from './principal';

export const AUDIENCE = 'csp:audience';
/** Which callers a route serves: partner users (the default), customer users, auditors, or anyone (no token). */
export type Audience = 'partner' | 'customer' | 'auditor' | 'public';
/** The OpenAPI extension naming a route's audience, which `problemResponses` turns into its security requirement. */
export const AUDIENCE_EXTENSION = 'x-audience';
export const ForAudience = (audience: Audience) =>
  applyDecorators(SetMetadata(AUDIENCE, audience), ApiExtension(AUDIENCE_EXTENSION, { audience }));

export interface AuthenticatedRequest {
  principal?: AnyPrincipal;
}

/** The caller of a partner or customer route; auditor routes declare their parameter as `AuditorPrincipal`. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): AnyPrincipal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
