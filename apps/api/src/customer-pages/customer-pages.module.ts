import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { registerFormBody } from './form-body';
import { InvitationPageController } from './invitation-page.controller';
import { OidcSignIn } from './oidc-sign-in';
import { PortalContext } from './portal-context';
import { PortalController } from './portal.controller';
import { SignInController } from './sign-in.controller';

/** The customer's side: the invitation link's page, signing in, and the customer's own page (server-rendered HTML). */
@Module({
  controllers: [InvitationPageController, SignInController, PortalController],
  providers: [PortalContext, OidcSignIn],
})
export class CustomerPagesModule implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    registerFormBody(this.adapter.httpAdapter.getInstance());
  }
}
