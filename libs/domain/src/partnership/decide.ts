import { DomainError } from '../errors';
import { requireCommandData } from '../shared/validation';
import { PartnershipCommand } from './commands';
import { PartnershipContext } from './context';
import {
  acceptPartnership,
  completeRequestedAssociation,
  confirmCombinedInvitation,
  removePartnership,
  requestPartnership,
} from './decisions';
import { PartnershipEvent } from './events';
import { PartnershipState } from './state';
import { shown } from '../shared/shown';

export const decide = (command: PartnershipCommand, state: PartnershipState, context: PartnershipContext): PartnershipEvent[] => {
  requireCommandData(command);
  switch (command.type) {
    case 'RequestPartnership':
      return requestPartnership(command, state, context);
    case 'AcceptPartnership':
      return acceptPartnership(command, state, context);
    case 'RemovePartnership':
      return removePartnership(command, state, context);
    case 'CompleteRequestedAssociation':
      return completeRequestedAssociation(command, state, context);
    case 'ConfirmCombinedInvitation':
      return confirmCombinedInvitation(command, state, context);
    default: {
      const unknownCommand: never = command;
      throw new DomainError('VALIDATION', `Unknown command ${shown((unknownCommand as { type: unknown }).type)}`);
    }
  }
};
