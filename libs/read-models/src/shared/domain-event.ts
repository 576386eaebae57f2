import { AnyDomainEvent } from '@app/domain';
import { ProjectionEvent } from '../projection';

/** The domain's discriminated union, so `switch (event.type)` narrows `data`. */
export const domainEvent = (event: ProjectionEvent): AnyDomainEvent => ({ type: event.type, data: event.data }) as AnyDomainEvent;
