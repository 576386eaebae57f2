import { DomainError } from '../errors';
import { requireCommandData } from '../shared/validation';
import { CustomerCommand } from './commands';
import { CustomerContext } from './context';
import { abandonCustomerCreation } from './decisions/abandon-customer-creation';
import { addCustomer } from './decisions/add-customer';
import { associateResellerWithCustomer, associateResellerWithSubscription } from './decisions/associate-reseller';
import { reassignAdminPermissions, removeAdminPermissions } from './decisions/admin-permissions';
import { importCustomer } from './decisions/import-customer';
import {
  assignPartnerOfRecord,
  establishCombinedProviderRelationship,
  establishInvitedRelationships,
  recordResellerAssociation,
} from './decisions/process-steps';
import { removeRelationship } from './decisions/remove-relationship';
import { addSubscription, changeLicenseCount, designateSupportContact } from './decisions/subscriptions';
import { updateCustomerDetails } from './decisions/update-customer-details';
import { CustomerEvent } from './events';
import { CustomerState } from './state';
import { shown } from '../shared/shown';

export const decide = (command: CustomerCommand, state: CustomerState, context: CustomerContext): CustomerEvent[] => {
  requireCommandData(command);
  switch (command.type) {
    case 'AddCustomer':
      return addCustomer(command, state, context);
    case 'UpdateCustomerDetails':
      return updateCustomerDetails(command, state, context);
    case 'ImportCustomer':
      return importCustomer(command, state, context);
    case 'RemoveRelationship':
      return removeRelationship(command, state, context);
    case 'RemoveAdminPermissions':
      return removeAdminPermissions(command, state, context);
    case 'ReassignAdminPermissions':
      return reassignAdminPermissions(command, state, context);
    case 'AddSubscription':
      return addSubscription(command, state, context);
    case 'ChangeLicenseCount':
      return changeLicenseCount(command, state, context);
    case 'DesignateSupportContact':
      return designateSupportContact(command, state, context);
    case 'AssociateResellerWithCustomer':
      return associateResellerWithCustomer(command, state, context);
    case 'AssociateResellerWithSubscription':
      return associateResellerWithSubscription(command, state, context);
    case 'EstablishInvitedRelationships':
      return establishInvitedRelationships(command, state, context);
    case 'EstablishCombinedProviderRelationship':
      return establishCombinedProviderRelationship(command, state, context);
    case 'RecordResellerAssociation':
      return recordResellerAssociation(command, state, context);
    case 'AssignPartnerOfRecord':
      return assignPartnerOfRecord(command, state, context);
    case 'AbandonCustomerCreation':
      return abandonCustomerCreation(command, state, context);
    default: {
      const unknownCommand: never = command;
      throw new DomainError('VALIDATION', `Unknown command ${shown((unknownCommand as { type: unknown }).type)}`);
    }
  }
};
