import { DomainError } from '../errors';
import { requireCommandData } from '../shared/validation';
import { InvitationCommand } from './commands';
import { InvitationContext } from './context';
import { acceptInvitation } from './decisions/accept';
import { expireInvitation } from './decisions/expire';
import { requestCombinedRelationship, requestRelationship } from './decisions/request';
import { revokeInvitation } from './decisions/revoke';
import { InvitationEvent } from './events';
import { InvitationState } from './state';
import { shown } from '../shared/shown';

export const decide = (command: InvitationCommand, state: InvitationState, context: InvitationContext): InvitationEvent[] => {
  requireCommandData(command);
  switch (command.type) {
    case 'RequestRelationship':
      return requestRelationship(command, state, context);
    case 'RequestCombinedRelationship':
      return requestCombinedRelationship(command, state, context);
    case 'AcceptInvitation':
      return acceptInvitation(command, state, context);
    case 'RevokeInvitation':
      return revokeInvitation(command, state, context);
    case 'ExpireInvitation':
      return expireInvitation(command, state, context);
    default: {
      const unknownCommand: never = command;
      throw new DomainError('VALIDATION', `Unknown command ${shown((unknownCommand as { type: unknown }).type)}`);
    }
  }
};

/**
 * Outcomes are events, but the caller still has to hear that its command did not do what it asked:
 * after appending the events, the API answers with this error when there is one.
 */
export const refusalOf = (command: InvitationCommand, events: readonly InvitationEvent[]): DomainError | undefined =>
  command.type !== 'ExpireInvitation' && events.some((event) => event.type === 'InvitationExpired')
    ? new DomainError('INVITATION.EXPIRED', undefined, 'invitationId')
    : undefined;
