import { Decider } from '../shared/decider';
import { InvitationCommand } from './commands';
import { InvitationContext } from './context';
import { decide } from './decide';
import { InvitationEvent } from './events';
import { evolve, initialState, InvitationState } from './state';

export { decide, refusalOf } from './decide';
export { evolve, initialState } from './state';
export type { ExistingInvitation, InvitationState, InvitationStatus } from './state';
export { defaultEmailDraft, maxEmailDraftLength } from './email-draft';
export { defaultExpiryDays, maxExpiryDays } from './decisions/request';

export const invitationDecider: Decider<InvitationState, InvitationCommand, InvitationEvent, InvitationContext> = {
  initialState,
  evolve,
  decide,
};
