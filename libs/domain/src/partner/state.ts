import { exhaustive } from '../shared/exhaustive';
import { PartnerKind } from '../shared/types';
import { PartnerEvent } from './events';

export type PartnerState =
  { status: 'none' } | { status: 'enrolled'; partnerId: string; kind: PartnerKind; name: string; mpnId: string; country: string };

export const initialState = (): PartnerState => ({ status: 'none' });

export const evolve = (state: PartnerState, event: PartnerEvent): PartnerState => {
  switch (event.type) {
    case 'PartnerEnrolled': {
      const { partnerId, kind, name, mpnId, country } = event.data;
      return { status: 'enrolled', partnerId, kind, name, mpnId, country };
    }
    default:
      return exhaustive(event.type, state);
  }
};
