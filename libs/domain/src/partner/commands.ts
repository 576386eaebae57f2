import { DomainCommand, PartnerKind } from '../shared/types';

export type EnrolPartner = DomainCommand<
  'EnrolPartner',
  { partnerId: string; kind: PartnerKind; name: string; mpnId: string; country: string }
>;

export type PartnerCommand = EnrolPartner;
