import { Decider } from '../shared/decider';
import { PartnershipCommand } from './commands';
import { PartnershipContext } from './context';
import { decide } from './decide';
import { PartnershipEvent } from './events';
import { evolve, initialState, PartnershipState } from './state';

export { decide } from './decide';
export { evolve, initialState, partnershipStatusOf } from './state';
export type { PartnershipState } from './state';

export const partnershipDecider: Decider<PartnershipState, PartnershipCommand, PartnershipEvent, PartnershipContext> = {
  initialState,
  evolve,
  decide,
};
