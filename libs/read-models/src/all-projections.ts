import { auditIndexProjection } from './audit-index/audit-index.projection';
import { customerAccountProjection } from './customer-account/customer-account.projection';
import { customerListProjection } from './customer-list/customer-list.projection';
import { partnersProjection } from './partners/partners.projection';
import { partnershipsProjection } from './partnerships/partnerships.projection';
import { pendingInvitationsProjection } from './pending-invitations/pending-invitations.projection';
import { Projection } from './projection';

export const allProjections: readonly Projection[] = [
  partnersProjection,
  customerListProjection,
  customerAccountProjection,
  partnershipsProjection,
  pendingInvitationsProjection,
  auditIndexProjection,
];

export function findProjection(name: string): Projection | undefined {
  return allProjections.find((p) => p.name === name);
}
