import { CommandName } from './commands';
import { DomainError, ErrorCode } from './errors';
import { authorize, permissions } from './roles';
import { Actor, PartnerKind, PartnerRole } from './shared/types';

const partner = (role: PartnerRole): Actor => ({ kind: 'partner', partnerId: 'p-1', userId: 'u-1', role });
const customerAdmin: Actor = { kind: 'customer', customerId: 'c-1', userId: 'u-2', role: 'GlobalAdmin' };
const customerUser: Actor = { kind: 'customer', customerId: 'c-1', userId: 'u-3', role: 'User' };
const system: Actor = { kind: 'system', process: 'relationships' };

const refusal = (command: CommandName, actor: Actor, kind?: PartnerKind): ErrorCode | undefined => {
  try {
    authorize(command, actor, kind);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
};

describe('authorize (DOMAIN.md role rules)', () => {
  it.each<[CommandName, PartnerRole, PartnerKind, ErrorCode | undefined]>([
    ['AddCustomer', 'GlobalAdmin', 'direct', undefined],
    ['AddCustomer', 'AdminAgent', 'indirect-provider', undefined],
    ['AddCustomer', 'SalesAgent', 'indirect-provider', undefined],
    ['AddCustomer', 'HelpdeskAgent', 'direct', 'ROLE.FORBIDDEN'],
    ['AddCustomer', 'GlobalAdmin', 'indirect-reseller', 'PARTNER.KIND_NOT_ALLOWED'],
    ['RequestRelationship', 'SalesAgent', 'direct', undefined],
    ['RequestRelationship', 'AdminAgent', 'indirect-reseller', undefined],
    ['RequestRelationship', 'GlobalAdmin', 'indirect-provider', 'PARTNER.KIND_NOT_ALLOWED'],
    ['RequestRelationship', 'HelpdeskAgent', 'direct', 'ROLE.FORBIDDEN'],
    ['RequestCombinedRelationship', 'GlobalAdmin', 'indirect-reseller', undefined],
    ['RequestCombinedRelationship', 'SalesAgent', 'indirect-reseller', 'ROLE.FORBIDDEN'],
    ['RequestCombinedRelationship', 'GlobalAdmin', 'direct', 'PARTNER.KIND_NOT_ALLOWED'],
    ['RemoveRelationship', 'GlobalAdmin', 'indirect-reseller', undefined],
    ['RemoveRelationship', 'AdminAgent', 'direct', 'ROLE.FORBIDDEN'],
    ['DesignateSupportContact', 'HelpdeskAgent', 'indirect-provider', undefined],
    ['DesignateSupportContact', 'SalesAgent', 'indirect-provider', 'ROLE.FORBIDDEN'],
    ['RequestPartnership', 'SalesAgent', 'indirect-provider', undefined],
    ['RequestPartnership', 'AdminAgent', 'indirect-provider', 'ROLE.FORBIDDEN'],
    ['RequestPartnership', 'GlobalAdmin', 'indirect-reseller', 'PARTNER.KIND_NOT_ALLOWED'],
    ['RemovePartnership', 'GlobalAdmin', 'indirect-provider', undefined],
    ['AcceptPartnership', 'GlobalAdmin', 'indirect-reseller', undefined],
    ['AcceptPartnership', 'AdminAgent', 'indirect-reseller', 'ROLE.FORBIDDEN'],
    ['AcceptPartnership', 'GlobalAdmin', 'indirect-provider', 'PARTNER.KIND_NOT_ALLOWED'],
    ['AssociateResellerWithCustomer', 'AdminAgent', 'indirect-provider', undefined],
    ['AssociateResellerWithSubscription', 'GlobalAdmin', 'direct', 'PARTNER.KIND_NOT_ALLOWED'],
  ])('%s by a %s of a %s partner → %s', (command, role, kind, expected) => {
    expect(refusal(command, partner(role), kind)).toBe(expected);
  });

  it('has no Sales agent at an indirect reseller, whatever the command', () => {
    expect(refusal('UpdateCustomerDetails', partner('SalesAgent'), 'indirect-reseller')).toBe('ROLE.FORBIDDEN');
    expect(refusal('UpdateCustomerDetails', partner('SalesAgent'), 'direct')).toBeUndefined();
  });

  it('refuses a partner that is not enrolled, except to enrol itself', () => {
    expect(refusal('AddCustomer', partner('GlobalAdmin'))).toBe('PARTNER.NOT_ENROLLED');
    expect(refusal('EnrolPartner', partner('GlobalAdmin'))).toBeUndefined();
    expect(refusal('EnrolPartner', partner('AdminAgent'))).toBe('ROLE.FORBIDDEN');
  });

  it("lets only the customer's global administrator accept invitations and manage admin permissions", () => {
    for (const command of ['AcceptInvitation', 'RemoveAdminPermissions', 'ReassignAdminPermissions'] as const) {
      expect(refusal(command, customerAdmin)).toBeUndefined();
      expect(refusal(command, customerUser)).toBe('ROLE.FORBIDDEN');
      expect(refusal(command, partner('GlobalAdmin'), 'direct')).toBe('ROLE.FORBIDDEN');
    }
  });

  it('has a rule for every command', () => {
    for (const rule of Object.values(permissions)) expect(rule.partner ?? rule.customer ?? rule.system).toBeDefined();
  });

  it('keeps process steps to the process manager', () => {
    const steps = [
      'EstablishInvitedRelationships',
      'RecordResellerAssociation',
      'AssignPartnerOfRecord',
      'CompleteRequestedAssociation',
      'ExpireInvitation',
    ] as const;
    for (const command of steps) {
      expect(refusal(command, system)).toBeUndefined();
      expect(refusal(command, partner('GlobalAdmin'), 'indirect-provider')).toBe('ROLE.FORBIDDEN');
      expect(refusal(command, customerAdmin)).toBe('ROLE.FORBIDDEN');
    }
    expect(refusal('AddCustomer', system)).toBe('ROLE.FORBIDDEN');
  });
});
