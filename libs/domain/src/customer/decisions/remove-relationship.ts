import { requireText, requireTrue } from '../../shared/validation';
import { RemoveRelationship } from '../commands';
import { CustomerContext } from '../context';
import { RelationshipRemoved } from '../events';
import { requireActingPartner, requireActiveRelationship, requireCustomer } from '../guards';
import { CustomerState } from '../state';

/** Admin permissions stay as they are: removing a relationship does not touch them. */
export const removeRelationship = ({ data }: RemoveRelationship, state: CustomerState, context: CustomerContext): RelationshipRemoved[] => {
  const customer = requireCustomer(state);
  requireActingPartner(context, data.partnerId);
  requireActiveRelationship(customer, data.partnerId);
  return [
    {
      type: 'RelationshipRemoved',
      data: {
        customerId: customer.customerId,
        partnerId: data.partnerId,
        reason: requireText(data.reason, 'reason', 1000),
        goodFaithConfirmed: requireTrue(data.goodFaithConfirmed, 'goodFaithConfirmed'),
        noticeResponsibilityConfirmed: requireTrue(data.noticeResponsibilityConfirmed, 'noticeResponsibilityConfirmed'),
        removedBy: requireText(data.removedBy, 'removedBy', 100),
        removedAt: context.now.toISOString(),
      },
    },
  ];
};
