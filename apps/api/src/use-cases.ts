import type { Provider, Type } from '@nestjs/common';
import { AcceptInvitationController } from './accept-invitation/accept-invitation.controller';
import { AcceptInvitationHandler } from './accept-invitation/accept-invitation.handler';
import { AddCustomerController } from './add-customer/add-customer.controller';
import { AddCustomerHandler } from './add-customer/add-customer.handler';
import { AdminPermissionsController } from './admin-permissions/admin-permissions.controller';
import { ReassignAdminPermissionsHandler, RemoveAdminPermissionsHandler } from './admin-permissions/admin-permissions.handlers';
import { AuditExportController } from './audit-export/audit-export.controller';
import { auditSigningKeyProvider } from './audit-export/audit-signing-key.provider';
import { AssociateResellerController } from './associate-reseller/associate-reseller.controller';
import { AssociateResellerHandler } from './associate-reseller/associate-reseller.handler';
import { CommandRunner } from './commands/command-runner';
import { CustomerSelfController } from './queries/customer-self/customer-self.controller';
import { EnrolPartnerController } from './enrol-partner/enrol-partner.controller';
import { EnrolPartnerHandler } from './enrol-partner/enrol-partner.handler';
import { GetCustomerController } from './queries/customer/get-customer.controller';
import { GetInvitationController } from './queries/invitation/get-invitation.controller';
import { GetPartnerController } from './queries/partner/get-partner.controller';
import { GetPartnershipController } from './queries/partnership/get-partnership.controller';
import { ImportCustomerController } from './import-customer/import-customer.controller';
import { ImportCustomerHandler } from './import-customer/import-customer.handler';
import { PartnershipsController } from './partnerships/partnerships.controller';
import { AcceptPartnershipHandler, RemovePartnershipHandler, RequestPartnershipHandler } from './partnerships/partnerships.handlers';
import { RemoveRelationshipController } from './remove-relationship/remove-relationship.controller';
import { RemoveRelationshipHandler } from './remove-relationship/remove-relationship.handler';
import { RequestRelationshipController } from './request-relationship/request-relationship.controller';
import { RequestRelationshipHandler } from './request-relationship/request-relationship.handler';
import { RevokeInvitationController } from './revoke-invitation/revoke-invitation.controller';
import { RevokeInvitationHandler } from './revoke-invitation/revoke-invitation.handler';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { AddSubscriptionHandler, ChangeLicenseCountHandler, DesignateSupportContactHandler } from './subscriptions/subscriptions.handlers';
import { UpdateCustomerDetailsController } from './update-customer-details/update-customer-details.controller';
import { UpdateCustomerDetailsHandler } from './update-customer-details/update-customer-details.handler';

/** Every use case folder contributes its controller and its command handler here. */
export const useCases: { controllers: Type[]; providers: Provider[] } = {
  controllers: [
    EnrolPartnerController,
    GetPartnerController,
    GetPartnershipController,
    ImportCustomerController,
    AddCustomerController,
    GetCustomerController,
    CustomerSelfController,
    UpdateCustomerDetailsController,
    RemoveRelationshipController,
    SubscriptionsController,
    AssociateResellerController,
    RequestRelationshipController,
    GetInvitationController,
    AcceptInvitationController,
    RevokeInvitationController,
    AdminPermissionsController,
    PartnershipsController,
    AuditExportController,
  ],
  providers: [
    CommandRunner,
    EnrolPartnerHandler,
    AddCustomerHandler,
    ImportCustomerHandler,
    UpdateCustomerDetailsHandler,
    RemoveRelationshipHandler,
    AddSubscriptionHandler,
    ChangeLicenseCountHandler,
    DesignateSupportContactHandler,
    RequestRelationshipHandler,
    AcceptInvitationHandler,
    RevokeInvitationHandler,
    RemoveAdminPermissionsHandler,
    ReassignAdminPermissionsHandler,
    RequestPartnershipHandler,
    AcceptPartnershipHandler,
    RemovePartnershipHandler,
    AssociateResellerHandler,
    auditSigningKeyProvider,
  ],
};
