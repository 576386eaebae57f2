import { BaseContext } from '../shared/types';

export type PartnerContext = BaseContext;
