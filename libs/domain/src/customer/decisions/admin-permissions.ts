import { DomainError } from '../../errors';
import { requireId, requireText } from '../../shared/validation';
import { ReassignAdminPermissions, RemoveAdminPermissions } from '../commands';
import { CustomerContext } from '../context';
import { AdminPermissionsGranted, AdminPermissionsRemoved } from '../events';
import { hasActiveRelationship, requireCustomer, requireService } from '../guards';
import { CustomerState } from '../state';

export const removeAdminPermissions = (
  { data }: RemoveAdminPermissions,
  state: CustomerState,
  { now }: CustomerContext,
): AdminPermissionsRemoved[] => {
  const customer = requireCustomer(state);
  const service = requireService(data.service);
  const partnerId = requireId(data.partnerId, 'partnerId');
  if (customer.adminHolders[service] !== partnerId) throw new DomainError('ADMIN.NOT_HELD', undefined, 'partnerId');
  return [
    {
      type: 'AdminPermissionsRemoved',
      data: {
        customerId: customer.customerId,
        partnerId,
        service,
        removedBy: requireText(data.removedBy, 'removedBy', 100),
        via: 'removal',
        removedAt: now.toISOString(),
      },
    },
  ];
};

/** One partner per service at a time: reassigning is a removal from the holder and a grant to the new one. */
export const reassignAdminPermissions = (
  { data }: ReassignAdminPermissions,
  state: CustomerState,
  { now }: CustomerContext,
): (AdminPermissionsRemoved | AdminPermissionsGranted)[] => {
  const customer = requireCustomer(state);
  const service = requireService(data.service);
  const toPartnerId = requireId(data.toPartnerId, 'toPartnerId');
  const reassignedBy = requireText(data.reassignedBy, 'reassignedBy', 100);
  if (!hasActiveRelationship(customer, toPartnerId)) throw new DomainError('RELATIONSHIP.NOT_ACTIVE', undefined, 'toPartnerId');
  const holder = customer.adminHolders[service];
  if (holder === toPartnerId) return [];
  const at = now.toISOString();
  const customerId = customer.customerId;
  return [
    ...(holder === undefined
      ? []
      : [
          {
            type: 'AdminPermissionsRemoved' as const,
            data: { customerId, partnerId: holder, service, removedBy: reassignedBy, via: 'reassignment' as const, removedAt: at },
          },
        ]),
    { type: 'AdminPermissionsGranted', data: { customerId, partnerId: toPartnerId, service, via: 'reassignment', grantedAt: at } },
  ];
};
