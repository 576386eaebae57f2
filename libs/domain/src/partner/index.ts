import { Decider } from '../shared/decider';
import { PartnerCommand } from './commands';
import { PartnerContext } from './context';
import { decide } from './decide';
import { PartnerEvent } from './events';
import { evolve, initialState, PartnerState } from './state';

export { decide, toPartnerRef } from './decide';
export { evolve, initialState } from './state';
export type { PartnerState } from './state';

export const partnerDecider: Decider<PartnerState, PartnerCommand, PartnerEvent, PartnerContext> = {
  initialState,
  evolve,
  decide,
};
