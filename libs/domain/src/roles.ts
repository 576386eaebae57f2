import { CommandName } from './commands';
import { DomainError } from './errors';
import { Actor, CustomerRole, PartnerKind, PartnerRole } from './shared/types';
import { shown } from './shared/shown';

export interface PermissionRule {
  readonly partner?: { readonly roles: readonly PartnerRole[]; readonly kinds: readonly PartnerKind[] | 'any' };
  readonly customer?: { readonly roles: readonly CustomerRole[] };
  readonly system?: true;
}

const sellers: PartnerKind[] = ['direct', 'indirect-provider'];
const inviters: PartnerKind[] = ['direct', 'indirect-reseller'];
const agents: PartnerRole[] = ['GlobalAdmin', 'AdminAgent', 'SalesAgent'];

/**
 * DOMAIN.md's role rules as data. [ours] Global admin holds every right of the agent roles of its own
 * partner, so it may attest the customer agreement when adding a customer.
 */
export const permissions: Readonly<Record<CommandName, PermissionRule>> = {
  EnrolPartner: { partner: { roles: ['GlobalAdmin'], kinds: 'any' }, system: true },
  AddCustomer: { partner: { roles: agents, kinds: sellers } },
  UpdateCustomerDetails: { partner: { roles: agents, kinds: 'any' } },
  ImportCustomer: { partner: { roles: ['GlobalAdmin', 'AdminAgent'], kinds: sellers } },
  RemoveRelationship: { partner: { roles: ['GlobalAdmin'], kinds: 'any' } },
  RemoveAdminPermissions: { customer: { roles: ['GlobalAdmin'] } },
  ReassignAdminPermissions: { customer: { roles: ['GlobalAdmin'] } },
  AddSubscription: { partner: { roles: agents, kinds: sellers } },
  // [ours] An indirect reseller too, for the subscriptions its provider associated it with (the decider checks
  // that); the seed gives an associated reseller administrator access to the customer's subscriptions.
  ChangeLicenseCount: { partner: { roles: agents, kinds: [...sellers, 'indirect-reseller'] } },
  DesignateSupportContact: { partner: { roles: ['GlobalAdmin', 'AdminAgent', 'HelpdeskAgent'], kinds: sellers } },
  EstablishInvitedRelationships: { system: true },
  RecordResellerAssociation: { system: true },
  AssignPartnerOfRecord: { system: true },
  ClaimCustomerDomain: { partner: { roles: agents, kinds: sellers }, customer: { roles: ['GlobalAdmin'] }, system: true },
  AbandonCustomerCreation: { partner: { roles: agents, kinds: sellers }, customer: { roles: ['GlobalAdmin'] }, system: true },
  RequestRelationship: { partner: { roles: agents, kinds: inviters } },
  RequestCombinedRelationship: { partner: { roles: agents, kinds: ['indirect-reseller'] } },
  AcceptInvitation: { customer: { roles: ['GlobalAdmin'] } },
  RevokeInvitation: { partner: { roles: agents, kinds: inviters } },
  ExpireInvitation: { system: true },
  RequestPartnership: { partner: { roles: ['GlobalAdmin', 'SalesAgent'], kinds: ['indirect-provider'] } },
  AcceptPartnership: { partner: { roles: ['GlobalAdmin'], kinds: ['indirect-reseller'] } },
  RemovePartnership: { partner: { roles: ['GlobalAdmin', 'SalesAgent'], kinds: ['indirect-provider'] } },
  AssociateResellerWithCustomer: { partner: { roles: agents, kinds: ['indirect-provider'] } },
  AssociateResellerWithSubscription: { partner: { roles: agents, kinds: ['indirect-provider'] } },
  CompleteRequestedAssociation: { system: true },
  ConfirmCombinedInvitation: { system: true },
  EstablishCombinedProviderRelationship: { system: true },
};

/**
 * Throws unless the actor may issue the command. `partnerKind` is the acting partner's enrolled kind
 * (undefined when it is not enrolled). Sales agents exist only at direct partners and providers.
 */
export const authorize = (commandName: CommandName, actor: Actor, partnerKind?: PartnerKind): void => {
  const rule = permissions[commandName];
  switch (actor.kind) {
    case 'system':
      if (!rule.system) throw new DomainError('ROLE.FORBIDDEN', `${commandName} is not issued by a process`);
      return;
    case 'customer':
      if (!rule.customer?.roles.includes(actor.role))
        throw new DomainError('ROLE.FORBIDDEN', `A customer ${actor.role} may not issue ${commandName}`);
      return;
    case 'partner': {
      if (!rule.partner?.roles.includes(actor.role))
        throw new DomainError('ROLE.FORBIDDEN', `A partner ${actor.role} may not issue ${commandName}`);
      if (partnerKind === undefined) {
        if (rule.partner.kinds === 'any' && commandName === 'EnrolPartner') return;
        throw new DomainError('PARTNER.NOT_ENROLLED', `Partner ${actor.partnerId} is not enrolled`, 'partnerId');
      }
      if (actor.role === 'SalesAgent' && partnerKind === 'indirect-reseller')
        throw new DomainError('ROLE.FORBIDDEN', 'Indirect resellers have no Sales agent role');
      if (rule.partner.kinds !== 'any' && !rule.partner.kinds.includes(partnerKind))
        throw new DomainError('PARTNER.KIND_NOT_ALLOWED', `A ${partnerKind} partner may not issue ${commandName}`);
      return;
    }
    default: {
      const unknownActor: never = actor;
      throw new DomainError('ROLE.FORBIDDEN', `Unknown actor ${shown((unknownActor as { kind: unknown }).kind)}`);
    }
  }
};
