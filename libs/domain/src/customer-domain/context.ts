import { BaseContext } from '../shared/types';

export type CustomerDomainContext = BaseContext;
