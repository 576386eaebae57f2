import { DomainError } from '../errors';
import { requireCommandData, requireCountry, requireId, requireText } from '../shared/validation';
import { partnerKinds, PartnerRef } from '../shared/types';
import { EnrolPartner, PartnerCommand } from './commands';
import { PartnerContext } from './context';
import { PartnerEvent, PartnerEnrolled } from './events';
import { PartnerState } from './state';
import { shown } from '../shared/shown';

export const enrolPartner = ({ data }: EnrolPartner, state: PartnerState, { now }: PartnerContext): PartnerEnrolled[] => {
  if (state.status === 'enrolled') throw new DomainError('PARTNER.ALREADY_ENROLLED', undefined, 'partnerId');
  if (!partnerKinds.includes(data.kind)) throw new DomainError('VALIDATION', `kind must be one of ${partnerKinds.join(', ')}`, 'kind');
  const mpnId = requireText(data.mpnId, 'mpnId', 20);
  if (!/^\d{5,10}$/.test(mpnId)) throw new DomainError('VALIDATION', 'mpnId must be 5 to 10 digits', 'mpnId');
  return [
    {
      type: 'PartnerEnrolled',
      data: {
        partnerId: requireId(data.partnerId, 'partnerId'),
        kind: data.kind,
        name: requireText(data.name, 'name'),
        mpnId,
        country: requireCountry(data.country, 'country'),
        enrolledAt: now.toISOString(),
      },
    },
  ];
};

export const decide = (command: PartnerCommand, state: PartnerState, context: PartnerContext): PartnerEvent[] => {
  requireCommandData(command);
  switch (command.type) {
    case 'EnrolPartner':
      return enrolPartner(command, state, context);
    default: {
      const unknownCommand: never = command.type;
      throw new DomainError('VALIDATION', `Unknown command ${shown(unknownCommand)}`);
    }
  }
};

/** What other decisions need to know about a partner; undefined when it is not enrolled. */
export const toPartnerRef = (state: PartnerState): PartnerRef | undefined =>
  state.status === 'enrolled' ? { partnerId: state.partnerId, kind: state.kind } : undefined;
